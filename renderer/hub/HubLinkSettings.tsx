import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubLinkStatus } from '../../shared/api';
import type { IssueDetail } from '../../shared/errors';
import { stockholmTime } from '../../shared/time';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCode } from '../sync/EnrollForm';
import { useHubLink } from '../store/hubLink';
import { TakeOverPanel } from './TakeOverPanel';

/**
 * Settings → the office hub: connect this computer to its office's hub with the address
 * and a one-time code from a supervisor at the hub, see the link, disconnect. A computer
 * used on its own never needs to open this: without a hub it keeps its own queue.
 */
export function HubLinkSettings() {
  const { t } = useTranslation();
  const status = useHubLink((s) => s.status);
  const refresh = useHubLink((s) => s.refresh);
  const dismissError = useHubLink((s) => s.dismissError);

  useEffect(() => {
    void refresh();
    return dismissError;
  }, [refresh, dismissError]);

  return (
    <section className="panel setup hub-link-settings" aria-labelledby="hub-link-title">
      <h2 id="hub-link-title" tabIndex={-1}>
        {t('hubLink.title')}
      </h2>
      <p className="hint">{t('hubLink.intro')}</p>
      {status === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <p className="hub-link-state">{stateLine(t, status)}</p>
          {status.state !== 'standalone' && <HubLinkDetails status={status} />}
          <HubLinkError />
          {status.state === 'standalone' ? <PairForm /> : <UnpairButton />}
          <TakeOverPanel status={status} />
        </>
      )}
    </section>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function stateLine(t: T, status: HubLinkStatus): string {
  if (status.state === 'connected') return t('hubLink.state.connected', { address: status.address });
  if (status.state === 'unreachable')
    return t('hubLink.state.unreachable', {
      time: status.unreachableSince ? stockholmTime(new Date(status.unreachableSince)) : '',
    });
  return t(`hubLink.state.${status.state}`);
}

function HubLinkDetails({ status }: { status: HubLinkStatus }) {
  const { t } = useTranslation();
  return (
    <dl className="hub-link-details">
      <dt>{t('hubLink.details.address')}</dt>
      <dd>{status.address}</dd>
      <dt>{t('hubLink.details.role')}</dt>
      <dd>{status.role ? t(`hubLink.role.${status.role}`) : ''}</dd>
      <dt>{t('hubLink.details.deviceName')}</dt>
      <dd>{status.deviceName}</dd>
      <dt>{t('hubLink.details.fingerprint')}</dt>
      <dd className="fingerprint">{status.fingerprint}</dd>
      <dt>{t('hubLink.details.tokenStorage')}</dt>
      <dd>
        {status.secretStorage === 'safeStorage'
          ? t('hubLink.details.tokenSafeStorage')
          : t('hubLink.details.tokenFile')}
      </dd>
      {status.role === 'counter' && (
        <>
          <dt>{t('hubLink.details.owed')}</dt>
          <dd>
            {status.pendingActions + status.pendingEvents === 0
              ? t('hubLink.details.owedNone')
              : t('hubLink.details.owedSome', { actions: status.pendingActions, events: status.pendingEvents })}
          </dd>
          {status.refusedActions > 0 && (
            <>
              <dt>{t('hubLink.details.refused')}</dt>
              <dd>{t('hubLink.details.refusedSome', { count: status.refusedActions })}</dd>
            </>
          )}
        </>
      )}
    </dl>
  );
}

/** The section's own error, with the pairing refusal's reason from hubLink.issue.*. */
function HubLinkError() {
  const { t, i18n } = useTranslation();
  const error = useHubLink((s) => s.error);
  const dismiss = useHubLink((s) => s.dismissError);
  const describe = (d: IssueDetail) => (i18n.exists(`hubLink.issue.${d.issue}`) ? t(`hubLink.issue.${d.issue}`) : null);
  return <ErrorMessage error={error} onDismiss={dismiss} describe={describe} />;
}

function PairForm() {
  const { t } = useTranslation();
  const pair = useHubLink((s) => s.pair);
  const busy = useHubLink((s) => s.action === 'pair');
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await pair({ address: address.trim(), code })) setCode('');
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="hub-pair-title">
      <h3 id="hub-pair-title">{t('hubLink.pair.heading')}</h3>
      <div className="field">
        <label htmlFor="hub-address">{t('hubLink.pair.address')}</label>
        <input
          id="hub-address"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          aria-describedby="hub-address-hint"
          autoComplete="off"
          spellCheck={false}
          maxLength={300}
          placeholder="192.168.1.20:8443"
          required
        />
        <p id="hub-address-hint" className="hint">
          {t('hubLink.pair.addressHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="hub-code">{t('hubLink.pair.code')}</label>
        <input
          id="hub-code"
          className="code-input"
          value={code}
          onChange={(e) => setCode(formatCode(e.target.value))}
          aria-describedby="hub-code-hint"
          autoComplete="one-time-code"
          spellCheck={false}
          maxLength={14}
          placeholder="XXXX-XXXX-XXXX"
          required
        />
        <p id="hub-code-hint" className="hint">
          {t('hubLink.pair.codeHint')}
        </p>
      </div>
      <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
        {busy ? t('hubLink.pair.submitting') : t('hubLink.pair.submit')}
      </button>
    </form>
  );
}

function UnpairButton() {
  const { t } = useTranslation();
  const unpair = useHubLink((s) => s.unpair);
  const busy = useHubLink((s) => s.action === 'unpair');
  return (
    <div className="hub-unpair">
      <p className="hint" id="hub-unpair-hint">
        {t('hubLink.unpairHint')}
      </p>
      <button type="button" onClick={() => void unpair()} disabled={busy} aria-describedby="hub-unpair-hint">
        {busy ? t('hubLink.unpairing') : t('hubLink.unpair')}
      </button>
    </div>
  );
}
