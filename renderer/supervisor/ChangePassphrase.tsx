import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSupervisor } from '../store/supervisor';
import { PassphraseField } from './PassphraseField';

/** A supervisor changes the office's passphrase with the current one; other sessions end. */
export function ChangePassphrase() {
  const { t } = useTranslation();
  const setPassphrase = useSupervisor((s) => s.setPassphrase);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (next.length < 10) return;
    const ok = await setPassphrase(next, current);
    setCurrent('');
    setNext('');
    setDone(ok);
  };
  return (
    <details className="change-passphrase">
      <summary>{t('supervisor.change')}</summary>
      <form onSubmit={(e) => void submit(e)}>
        <PassphraseField
          id="passphrase-current"
          label={t('supervisor.current')}
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
        />
        <PassphraseField
          id="passphrase-next"
          label={t('supervisor.next')}
          autoComplete="new-password"
          minLength={10}
          value={next}
          onValue={setNext}
        />
        <button type="submit">{t('supervisor.changeSubmit')}</button>
        <p role="status" className="hint">
          {done ? t('supervisor.changed') : ''}
        </p>
      </form>
    </details>
  );
}
