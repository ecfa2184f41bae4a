import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubLinkStatus } from '../../shared/api';
import type { IssueDetail } from '../../shared/errors';
import { stockholmTime } from '../../shared/time';
import { ErrorMessage } from '../components/ErrorMessage';
import { PassphraseField } from '../supervisor/PassphraseField';
import { useHubTakeover } from '../store/hubTakeover';

/**
 * "Ta över kön" on a paired counter (decision 0008): when the hub PC is dead, a supervisor
 * makes this PC, the office's standby, the hub. Never automatic; the warning says what it
 * does, and the office's passphrase is asked. Other counters read why they cannot.
 */
export function TakeOverPanel({ status }: { status: HubLinkStatus }) {
  const { t } = useTranslation();
  const takeover = useHubTakeover((s) => s.status);
  const refresh = useHubTakeover((s) => s.refresh);
  useEffect(() => void refresh(), [refresh, status.state]);

  if (takeover?.servingAfterTakeover) {
    return (
      <p role="status" className="hub-takeover-done">
        {t('hubTakeover.done', { address: takeover.servingAfterTakeover.replace(/^https:\/\//, '') })}
      </p>
    );
  }
  if (status.role !== 'counter' || status.state === 'revoked' || !takeover) return null;
  if (!takeover.standby) return <p className="hint">{t('hubTakeover.notStandby')}</p>;
  return <TakeOverForm mirroredAt={takeover.mirroredAt} tickets={takeover.tickets} />;
}

function TakeOverForm({ mirroredAt, tickets }: { mirroredAt: string | null; tickets: number }) {
  const { t, i18n } = useTranslation();
  const { busy, error, takeOver, dismissError } = useHubTakeover();
  const [passphrase, setPassphrase] = useState('');
  const [sure, setSure] = useState(false);
  const describe = (d: IssueDetail) =>
    i18n.exists(`hubTakeover.issue.${d.issue}`) ? t(`hubTakeover.issue.${d.issue}`) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await takeOver(passphrase)) setPassphrase('');
  }

  return (
    <form className="hub-takeover" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="hub-takeover-title">
      <h3 id="hub-takeover-title">{t('hubTakeover.heading')}</h3>
      <p className="sync-warning" id="hub-takeover-warning">
        {t('hubTakeover.warning')}
      </p>
      <p className="hint">
        {mirroredAt
          ? t('hubTakeover.copy', { time: stockholmTime(new Date(mirroredAt)), count: tickets })
          : t('hubTakeover.noCopy')}
      </p>
      <PassphraseField
        id="hub-takeover-passphrase"
        label={t('hubTakeover.passphrase')}
        value={passphrase}
        onValue={setPassphrase}
        autoComplete="off"
        maxLength={200}
      />
      <div className="field field-inline">
        <input id="hub-takeover-sure" type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} />
        <label htmlFor="hub-takeover-sure">{t('hubTakeover.sure')}</label>
      </div>
      <ErrorMessage error={error} onDismiss={dismissError} describe={describe} />
      <button
        type="submit"
        className="danger"
        disabled={busy || !sure || passphrase.length < 10}
        aria-busy={busy}
        aria-describedby="hub-takeover-warning"
      >
        {busy ? t('hubTakeover.submitting') : t('hubTakeover.submit')}
      </button>
    </form>
  );
}
