import { useShallow } from 'zustand/react/shallow';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage';
import { useSession } from '../store/session';
import { useSupervisor } from '../store/supervisor';
import { HubDeviceList } from '../hub/HubDeviceList';
import { Dashboard } from './Dashboard';
import { SupervisorLogin } from './SupervisorLogin';

/** #/supervisor: daily counts behind the office's supervisor passphrase. Officers never see them here without it. */
export function SupervisorView() {
  const { t } = useTranslation();
  const setupOffice = useSession((s) => s.setup?.officeId);
  const registry = useSession((s) => s.offices);
  const { officeId, offices, session, error, init, pickOffice, lock } = useSupervisor(
    useShallow((s) => ({
      officeId: s.officeId,
      offices: s.offices,
      session: s.session,
      error: s.error,
      init: s.init,
      pickOffice: s.pickOffice,
      lock: s.lock,
    })),
  );
  useEffect(() => {
    if (setupOffice) void init(setupOffice);
  }, [init, setupOffice]);
  // Leaving the view (back to the counter, another officer or office at the device) ends the login.
  useEffect(() => () => void useSupervisor.getState().reset(), []);
  const nameOf = (id: string) => registry.find((o) => o.id === id)?.name ?? id;

  return (
    <section className="panel supervisor" aria-labelledby="supervisor-title">
      <div className="panel-head">
        <h1 id="supervisor-title">{t('supervisor.title')}</h1>
        <div className="actions">
          {session && (
            <button type="button" onClick={() => void lock()}>
              {t('supervisor.logout')}
            </button>
          )}
          <a href="#/">{t('supervisor.backToCounter')}</a>
        </div>
      </div>
      <div className="field inline">
        <label htmlFor="supervisor-office">{t('supervisor.office')}</label>
        <select id="supervisor-office" value={officeId ?? ''} onChange={(e) => void pickOffice(e.target.value)}>
          {offices.map((id) => (
            <option key={id} value={id}>
              {nameOf(id)}
            </option>
          ))}
        </select>
      </div>
      {!session && <ErrorMessage error={error} onDismiss={() => useSupervisor.setState({ error: null })} />}
      {session ? <Dashboard officeName={nameOf(session.officeId)} /> : <SupervisorLogin />}
      {session && <HubDeviceList token={session.token} />}
    </section>
  );
}
