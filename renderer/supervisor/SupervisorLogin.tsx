import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { stockholmTime } from '../../shared/time';
import { useSession } from '../store/session';
import { useSupervisor } from '../store/supervisor';
import { PassphraseField } from './PassphraseField';

const MIN_LENGTH = 10;

/** Log in with the office's passphrase, or set it the first time (on this device). */
export function SupervisorLogin() {
  const { t } = useTranslation();
  const status = useSupervisor((s) => s.status);
  const unlock = useSupervisor((s) => s.unlock);
  const setPassphrase = useSupervisor((s) => s.setPassphrase);
  const refreshStatus = useSupervisor((s) => s.refreshStatus);
  const deviceOffice = useSession((s) => s.setup?.officeId);
  const lockedUntil = status?.lockedUntil ? Date.parse(status.lockedUntil) : null;
  // When the lockout ends, ask again: the form opens by itself, no reload needed.
  useEffect(() => {
    if (lockedUntil === null) return;
    const timer = setTimeout(() => void refreshStatus(), Math.max(0, lockedUntil - Date.now()) + 500);
    return () => clearTimeout(timer);
  }, [lockedUntil, refreshStatus]);
  const [passphrase, setValue] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!status) return <p role="status">{t('app.loading')}</p>;

  // Another office's first passphrase is set on that office's own device, not here.
  if (!status.configured && status.officeId !== deviceOffice)
    return <p className="hint">{t('supervisor.otherOffice')}</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (passphrase.length < MIN_LENGTH) return setProblem(t('supervisor.tooShort', { min: MIN_LENGTH }));
    if (!status.configured && passphrase !== repeat) return setProblem(t('supervisor.mismatch'));
    setBusy(true);
    const ok = status.configured ? await unlock(passphrase) : await setPassphrase(passphrase);
    setBusy(false);
    if (!ok) setValue('');
  };

  // The backend reports a lock only while it lasts; the timer above asks again when it ends.
  const locked = lockedUntil !== null;
  return (
    <form className="supervisor-login" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{status.configured ? t('supervisor.loginTitle') : t('supervisor.firstTitle')}</h2>
      <p className="hint">{status.configured ? t('supervisor.loginHint') : t('supervisor.firstHint')}</p>
      <PassphraseField
        id="supervisor-passphrase"
        label={t('supervisor.passphrase')}
        autoComplete={status.configured ? 'current-password' : 'new-password'}
        value={passphrase}
        onValue={setValue}
        disabled={locked}
        aria-invalid={problem !== null}
        aria-describedby="supervisor-passphrase-hint"
      />
      {!status.configured && (
        <PassphraseField
          id="supervisor-repeat"
          label={t('supervisor.repeat')}
          autoComplete="new-password"
          value={repeat}
          onValue={setRepeat}
        />
      )}
      <p id="supervisor-passphrase-hint" className={problem || locked ? 'field-error' : 'hint'} role="status">
        {problem ??
          (locked
            ? t('supervisor.locked', { time: stockholmTime(new Date(status.lockedUntil!)) })
            : status.configured && status.attemptsLeft < 5
              ? t('supervisor.attemptsLeft', { count: status.attemptsLeft })
              : t('supervisor.rules', { min: MIN_LENGTH }))}
      </p>
      <button type="submit" className="primary" disabled={busy || locked}>
        {status.configured ? t('supervisor.login') : t('supervisor.saveAndLogin')}
      </button>
    </form>
  );
}
