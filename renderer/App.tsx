import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { onHostEvent } from './api/client';
import { ConnectionBanner } from './components/ConnectionBanner';
import { ErrorMessage } from './components/ErrorMessage';
import { Header } from './components/Header';
import { useRoute, type Route } from './router';
import { useQueue } from './store/queue';
import { onReconnect, useSession } from './store/session';
import { useSync } from './store/sync';
import { CounterView } from './views/CounterView';
import { DisplayView } from './views/DisplayView';
import { KioskView } from './views/KioskView';
import { SetupView } from './views/SetupView';
import { OfficeConfirm, OfficeConfirmedNotice } from './office/OfficeConfirm';
import { SupervisorView } from './supervisor/SupervisorView';
import { useHubLink } from './store/hubLink';

/** Each window refetches only what it shows (and what its role may read). */
function refreshQueueView(route: Route) {
  const queue = useQueue.getState();
  if (useSession.getState().phase !== 'counter') return;
  if (route === 'display') void queue.refreshDisplay();
  else if (route === 'kiosk') void queue.refreshKiosk();
  else void queue.refresh();
}

/** Live updates: the backend says what changed, each window refetches what it shows. */
function useLiveUpdates(route: Route) {
  const setBackend = useSession((s) => s.setBackend);
  useEffect(
    () =>
      onHostEvent((event) => {
        if (event.type === 'backend') {
          setBackend(event.state);
          if (event.state === 'ready') void useSync.getState().refresh();
          return;
        }
        if (event.topics.includes('setup')) {
          void (route === 'counter' ? useSession.getState().init() : useSession.getState().initPublic());
        }
        if (event.topics.includes('queue')) refreshQueueView(route);
        if (event.topics.includes('hub')) void useHubLink.getState().refresh();
        if (event.topics.includes('visits') && route === 'counter') void useSession.getState().refreshVisits();
        // A closed visit or a no-show adds a pending event; the header counts them. Display and kiosk do not show sync.
        if (
          (route === 'counter' || route === 'supervisor') &&
          event.topics.some((topic) => topic === 'sync' || topic === 'visits' || topic === 'queue' || topic === 'setup')
        )
          void useSync.getState().refresh();
      }),
    [route, setBackend],
  );
}

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const phase = useSession((s) => s.phase);
  const init = useSession((s) => s.init);
  useLiveUpdates(route);

  useEffect(() => {
    onReconnect(() => refreshQueueView(route));
    void (route === 'counter' ? init() : useSession.getState().initPublic());
  }, [init, route]);
  // Whenever the office is (again) set up, load the queue this window shows.
  useEffect(() => {
    if (phase === 'counter') refreshQueueView(route);
  }, [phase, route]);

  if (route === 'display' || route === 'kiosk') {
    return (
      <>
        <ConnectionBanner />
        {phase === 'counter' ? route === 'display' ? <DisplayView /> : <KioskView /> : <NotReady />}
      </>
    );
  }

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
        {phase === 'confirm' && <OfficeConfirm />}
        {phase === 'counter' && <OfficeConfirmedNotice />}
        {phase === 'counter' && (route === 'supervisor' ? <SupervisorView /> : <CounterView />)}
      </main>
    </>
  );
}

/** Display and kiosk need an office: until the counter has done setup, say so. */
function NotReady() {
  const { t } = useTranslation();
  const phase = useSession((s) => s.phase);
  return (
    <main id="main" className="kiosk">
      <p role="status">{phase === 'loading' ? t('app.loading') : t('kiosk.notSetUp')}</p>
      <ErrorMessage />
    </main>
  );
}
