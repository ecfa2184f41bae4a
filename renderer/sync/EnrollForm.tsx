import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { lockedBy, usePolicy } from '../policy/usePolicy';
import { useSession } from '../store/session';
import { useSync } from '../store/sync';

/**
 * The one-time code as the administrator writes it: XXXX-XXXX-XXXX. Typed or pasted with
 * or without dashes, in any case; the dashes are put back so the officer can compare groups.
 */
export function formatCode(text: string): string {
  const chars = text
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 12);
  return (chars.match(/.{1,4}/g) ?? []).join('-');
}

/** "Anslut": the service address, the one-time code and a name the administrator recognises. */
export function EnrollForm(props: { initialUrl: string | null }) {
  const { t } = useTranslation();
  const enroll = useSync((s) => s.enroll);
  const busy = useSync((s) => s.action === 'enroll');
  const offices = useSession((s) => s.offices);
  const setup = useSession((s) => s.setup);
  const office = offices.find((o) => o.id === setup?.officeId);
  // IT's policy may preset the service's address, or lock it (the backend refuses another).
  const policy = usePolicy();
  const urlLocked = lockedBy(policy, 'centralServiceUrl');
  const [typedUrl, setServerUrl] = useState(props.initialUrl ?? '');
  const serverUrl = urlLocked
    ? (policy?.policy?.centralServiceUrl ?? '')
    : typedUrl || (policy?.policy?.centralServiceUrl ?? '');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState(() =>
    office ? t('sync.enroll.defaultDeviceName', { office: office.name }).slice(0, 60) : '',
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The code is good once only: clear it after success, keep it for correcting a typo otherwise.
    if (await enroll({ serverUrl: serverUrl.trim(), code, deviceName: deviceName.trim() })) setCode('');
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="sync-enroll-title">
      <h3 id="sync-enroll-title">{t('sync.enroll.heading')}</h3>
      <div className="field">
        <label htmlFor="sync-server">{t('sync.enroll.serverUrl')}</label>
        <input
          id="sync-server"
          type="url"
          inputMode="url"
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
          aria-describedby="sync-server-hint"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://"
          readOnly={urlLocked}
          required
        />
        <p id="sync-server-hint" className="hint">
          {urlLocked ? t('policy.lockedField') : t('sync.enroll.serverUrlHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="sync-code">{t('sync.enroll.code')}</label>
        <input
          id="sync-code"
          className="code-input"
          value={code}
          onChange={(e) => setCode(formatCode(e.target.value))}
          aria-describedby="sync-code-hint"
          autoComplete="one-time-code"
          spellCheck={false}
          maxLength={14}
          placeholder="XXXX-XXXX-XXXX"
          required
        />
        <p id="sync-code-hint" className="hint">
          {t('sync.enroll.codeHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="sync-device-name">{t('sync.enroll.deviceName')}</label>
        <input
          id="sync-device-name"
          value={deviceName}
          onChange={(e) => setDeviceName(e.target.value)}
          aria-describedby="sync-device-name-hint"
          autoComplete="off"
          maxLength={60}
          required
        />
        <p id="sync-device-name-hint" className="hint">
          {t('sync.enroll.deviceNameHint')}
        </p>
      </div>
      <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
        {busy ? t('sync.enroll.submitting') : t('sync.enroll.submit')}
      </button>
    </form>
  );
}
