import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../shared/api';
import { officeSyncText, syncTime } from './syncText';
import { useOfficeName } from './useOfficeName';

function Row(props: { label: string; children: ReactNode; hint?: string | null }) {
  return (
    <div className="sync-row">
      <dt>{props.label}</dt>
      <dd>
        {props.children}
        {props.hint && <span className="hint sync-row-hint">{props.hint}</span>}
      </dd>
    </div>
  );
}

/** Everything the officer (or the administrator on the phone) may ask about a connected device. */
export function SyncDetails(props: { status: SyncStatus }) {
  const { t } = useTranslation();
  const s = props.status;
  const officeName = useOfficeName();
  const never = t('sync.details.never');
  // Rounded to whole minutes, at least one: the warning only appears past five minutes anyway.
  const skewMinutes = s.clockSkewSeconds === null ? null : Math.max(1, Math.round(Math.abs(s.clockSkewSeconds) / 60));

  return (
    <>
      {skewMinutes !== null && (
        <p className="sync-warning" role="note">
          {t('sync.details.clockSkew', { minutes: skewMinutes })}
        </p>
      )}
      <dl className="sync-details">
        <Row label={t('sync.details.server')}>
          <span className="mono">{s.serverUrl}</span>
        </Row>
        {/* The offices the service trusts this computer for (a travelling officer's: several). */}
        <Row label={t('sync.details.offices')}>{s.officeIds.map(officeName).join(', ')}</Row>
        <Row label={t('sync.details.device')}>
          <span className="mono">{s.deviceId}</span>
        </Row>
        <Row label={t('sync.details.state')}>{t(`sync.state.${s.state}`)}</Row>
        <Row label={t('sync.details.pending')}>{s.pending}</Row>
        {s.offices.map((o) => (
          <Row
            key={o.officeId}
            label={officeName(o.officeId)}
            // Where an office's events go: sent from here when the service trusts this computer for it, else in the file.
            hint={o.allowed === false ? t('sync.details.notAllowedHint') : null}
          >
            {officeSyncText(t, o, s.lastSuccessAt)}
          </Row>
        ))}
        {s.rejected > 0 && (
          <Row label={t('sync.details.rejected')} hint={t('sync.details.rejectedHint')}>
            {s.rejected}
          </Row>
        )}
        <Row label={t('sync.details.lastSuccess')}>{syncTime(s.lastSuccessAt) ?? never}</Row>
        <Row label={t('sync.details.lastError')}>
          {s.lastError ? (
            <>
              {syncTime(s.lastErrorAt)} – {t(`sync.error.${s.lastError}`)}
            </>
          ) : (
            t('sync.details.none')
          )}
        </Row>
        {s.nextAttemptAt && <Row label={t('sync.details.nextAttempt')}>{syncTime(s.nextAttemptAt)}</Row>}
        <Row label={t('sync.details.tokenStorage')}>{t(`sync.details.storage.${s.secretStorage}`)}</Row>
      </dl>
    </>
  );
}
