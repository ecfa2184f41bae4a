import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { openSettingsAt } from '../components/openSettingsAt';
import { useSync } from '../store/sync';
import { useOfficeName } from './useOfficeName';
import { lastSuccessLine, syncDetail, syncSummary, syncTone } from './syncText';

/**
 * A safety net only: every change is pushed on the 'sync' topic. This catches what no push
 * announces (a "10:42" that became yesterday) and never runs faster than the brief allows.
 */
const REFRESH_MS = 60_000;

/** Opens Settings at the Sync section, so the officer lands where the status is explained. */
const openSyncSettings = (): void => openSettingsAt('sync-title');

/** The header's compact sync status: one line, a dot, the details as a tooltip and for screen readers. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const status = useSync((s) => s.status);
  const running = useSync((s) => s.action === 'now');
  const officeName = useOfficeName();
  const refresh = useSync((s) => s.refresh);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  if (!status) return null;
  const summary = syncSummary(t, status, running, officeName);
  const detail = syncDetail(t, status, officeName);
  // Seen at a glance: when it last worked, if it is failing now (the reason is in the tooltip).
  const secondary = status.lastError && status.state !== 'revoked' ? lastSuccessLine(t, status) : null;
  return (
    <div className="sync-indicator" data-tone={syncTone(status)}>
      <button
        type="button"
        className="sync-button"
        title={detail.join('\n')}
        aria-describedby="sync-indicator-detail"
        onClick={openSyncSettings}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span className="sync-summary">{summary}</span>
      </button>
      {secondary && (
        <span className="sync-secondary" aria-hidden="true">
          {secondary}
        </span>
      )}
      <span id="sync-indicator-detail" className="visually-hidden">
        {detail.join(' ')}
      </span>
      {/* Only a new problem is announced (not every poll's "Synkar …" and time), without moving focus. */}
      <span role="status" aria-live="polite" className="visually-hidden">
        {status.lastError ? t(`sync.error.${status.lastError}`) : ''}
      </span>
    </div>
  );
}
