import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { onHostEvent } from './api/client';
import { ConnectionBanner } from './components/ConnectionBanner';
import { ErrorMessage } from './components/ErrorMessage';
import { Header } from './components/Header';
import { useSession } from './store/session';
import { CounterView } from './views/CounterView';
import { SetupView } from './views/SetupView';

export function App() {
  const { t } = useTranslation();
  const phase = useSession((s) => s.phase);
  const init = useSession((s) => s.init);
  const setBackend = useSession((s) => s.setBackend);

  useEffect(() => {
    const off = onHostEvent((event) => {
      if (event.type === 'backend') setBackend(event.state);
    });
    void init();
    return off;
  }, [init, setBackend]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header />
      <ConnectionBanner />
      <main id="main" tabIndex={-1}>
        {phase === 'loading' && <p role="status">{t('app.loading')}</p>}
        {phase === 'unavailable' && <ErrorMessage />}
        {phase === 'setup' && <SetupView />}
        {phase === 'counter' && <CounterView />}
      </main>
    </>
  );
}
