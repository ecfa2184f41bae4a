import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../shared/api';
import { useSync } from '../store/sync';
import { syncTime } from './syncText';

/**
 * "Synka nu" and "Koppla från". Disconnecting asks first, inline (a native confirm box
 * steals focus and reads badly); the confirm button takes the focus so Enter answers it.
 */
export function SyncActions(props: { canSync: boolean }) {
  const { t } = useTranslation();
  const action = useSync((s) => s.action);
  const syncNow = useSync((s) => s.syncNow);
  const disconnect = useSync((s) => s.disconnect);
  const [confirming, setConfirming] = useState(false);
  // Kept as data, worded at render: a language switch re-words it.
  const [result, setResult] = useState<SyncStatus | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const running = action === 'now';

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function runNow() {
    setResult(null);
    if (!(await syncNow())) return;
    // Say how it went where the officer is looking; the header says it too.
    setResult(useSync.getState().status);
  }

  return (
    <div className="sync-actions">
      <div className="button-row">
        {props.canSync && (
          <button type="button" className="primary" disabled={action !== null} aria-busy={running} onClick={runNow}>
            {running ? t('sync.nowRunning') : t('sync.now')}
          </button>
        )}
        <button type="button" disabled={action !== null || confirming} onClick={() => setConfirming(true)}>
          {t('sync.disconnect')}
        </button>
      </div>
      {running && <progress aria-label={t('sync.nowRunning')} />}
      <p role="status" className="hint sync-result">
        {result &&
          (result.lastError
            ? t(`sync.error.${result.lastError}`)
            : t('sync.nowDone', { time: syncTime(result.lastSuccessAt), count: result.pending }))}
      </p>
      {confirming && (
        <div className="sync-confirm" role="group" aria-labelledby="sync-confirm-text">
          <p id="sync-confirm-text">{t('sync.disconnectConfirm')}</p>
          <div className="button-row">
            <button
              type="button"
              ref={confirmRef}
              className="danger"
              onClick={async () => {
                setConfirming(false);
                setResult(null);
                await disconnect();
              }}
            >
              {t('sync.disconnectYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('sync.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
