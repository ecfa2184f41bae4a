import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSync } from '../store/sync';
import { useOfficeName } from './useOfficeName';
import { BundleExport } from './BundleExport';
import { EnrollForm } from './EnrollForm';
import { SyncActions } from './SyncActions';
import { SyncDetails } from './SyncDetails';
import { SyncErrorMessage } from './SyncErrorMessage';
import { syncSummary } from './syncText';

/**
 * Settings → the central statistics service: connect with a one-time code, see how sending
 * goes, sync now, disconnect; and the offline statistics file, which works connected or not.
 */
export function SyncSettings() {
  const { t } = useTranslation();
  const status = useSync((s) => s.status);
  const refresh = useSync((s) => s.refresh);
  const dismissError = useSync((s) => s.dismissError);
  const running = useSync((s) => s.action === 'now');
  const officeName = useOfficeName();

  useEffect(() => {
    void refresh();
    // An old failure does not greet the officer the next time Settings opens.
    return dismissError;
  }, [refresh, dismissError]);

  const enrolled = status !== null && status.state !== 'not_enrolled';
  return (
    <section className="panel setup sync-settings" aria-labelledby="sync-title">
      <h2 id="sync-title" tabIndex={-1}>
        {t('sync.title')}
      </h2>
      <p className="hint">{t('sync.intro')}</p>
      {status === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          {/* The header's words, so both say the same; not a live region: the header already announces changes. */}
          <p className="sync-state-line">{syncSummary(t, status, running, officeName)}</p>
          {status.state === 'revoked' && <p className="sync-warning">{t('sync.enroll.revokedNotice')}</p>}
          {enrolled && <SyncDetails status={status} />}
          <SyncErrorMessage />
          {/* Revoked: sending cannot help, a new code can; disconnecting stays possible. */}
          {status.state === 'revoked' || !enrolled ? <EnrollForm initialUrl={status.serverUrl} /> : null}
          {enrolled && <SyncActions canSync={status.state !== 'revoked'} />}
        </>
      )}
      <BundleExport />
    </section>
  );
}
