import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WINDOW_ROLES, type WindowRole } from '../../shared/roles';
import { stockholmTime } from '../../shared/time';
import { ErrorMessage } from '../components/ErrorMessage';
import { useHubDevices } from '../store/hubDevices';

/**
 * The supervisor's view of the office hub's devices (shown only on the hub): add a
 * counter, kiosk or display and read its one-time code, see when each was last seen,
 * revoke one, choose the counter that stands by to take over the queue. The code is shown
 * once; the hub keeps only its hash.
 */
export function HubDeviceList({ token }: { token: string }) {
  const { t } = useTranslation();
  const { hub, devices, added, busy, error, load, add, revoke, setStandby, reset } = useHubDevices();
  const [name, setName] = useState('');
  const [role, setRole] = useState<WindowRole>('counter');

  useEffect(() => {
    void load(token);
    return reset;
  }, [load, reset, token]);
  if (!hub?.serving) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await add(token, name.trim(), role)) setName('');
  }
  const when = (iso: string | null) => (iso ? stockholmTime(new Date(iso)) : '–');

  return (
    <section className="hub-devices" aria-labelledby="hub-devices-title">
      <h2 id="hub-devices-title">{t('hubDevices.title')}</h2>
      <p className="hint">{t('hubDevices.fingerprint', { fingerprint: hub.fingerprint })}</p>
      <p className="hint">{hub.standbyDeviceId ? t('hubDevices.standbyHint') : t('hubDevices.noStandbyHint')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('hubDevices.name')}</th>
            <th scope="col">{t('hubDevices.role')}</th>
            <th scope="col">{t('hubDevices.lastSeen')}</th>
            <th scope="col">{t('hubDevices.state')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('hubDevices.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id}>
              <td>{d.name}</td>
              <td>{t(`hubLink.role.${d.role}`)}</td>
              <td>{when(d.lastSeenAt)}</td>
              <td>
                {d.revokedAt ? t('hubDevices.revoked') : d.pairedAt ? t('hubDevices.paired') : t('hubDevices.waiting')}
                {hub.standbyDeviceId === d.id && <> · {t('hubDevices.standby')}</>}
              </td>
              <td>
                {d.role === 'counter' && d.pairedAt && !d.revokedAt && hub.standbyDeviceId !== d.id && (
                  <button type="button" disabled={busy} onClick={() => void setStandby(token, d.id)}>
                    {t('hubDevices.makeStandby', { name: d.name })}
                  </button>
                )}
                {hub.standbyDeviceId === d.id && (
                  <button type="button" disabled={busy} onClick={() => void setStandby(token, null)}>
                    {t('hubDevices.dropStandby', { name: d.name })}
                  </button>
                )}
                {!d.revokedAt && (
                  <button type="button" disabled={busy} onClick={() => void revoke(token, d.id)}>
                    {t('hubDevices.revoke', { name: d.name })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="hub-add-title">
        <h3 id="hub-add-title">{t('hubDevices.add')}</h3>
        <div className="field">
          <label htmlFor="hub-device-name">{t('hubDevices.name')}</label>
          <input id="hub-device-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="hub-device-role">{t('hubDevices.role')}</label>
          <select id="hub-device-role" value={role} onChange={(e) => setRole(e.target.value as WindowRole)}>
            {WINDOW_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`hubLink.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
          {t('hubDevices.addSubmit')}
        </button>
      </form>
      {added && (
        <p role="status" className="hub-code">
          {t('hubDevices.code', { name: added.device.name, code: added.code, time: when(added.expiresAt) })}
        </p>
      )}
      <ErrorMessage error={error} onDismiss={() => useHubDevices.setState({ error: null })} />
    </section>
  );
}
