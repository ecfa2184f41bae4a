import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSync } from '../store/sync';
import { saveFile } from '../supervisor/saveFile';
import { ReceiptImport } from './ReceiptImport';
import { useOfficeName } from './useOfficeName';

/**
 * "Exportera statistikfil": for an office that never gets network. The file is made and
 * signed in the backend; here it becomes a download, as the supervisor's exports do. It
 * works whether or not the computer is connected.
 */
export function BundleExport() {
  const { t } = useTranslation();
  const exportBundle = useSync((s) => s.exportBundle);
  const action = useSync((s) => s.action);
  const statusFingerprint = useSync((s) => s.status?.keyFingerprint ?? null);
  const officeName = useOfficeName();
  const [saved, setSaved] = useState<{ name: string; events: number; offices: string[]; fingerprint: string } | null>(
    null,
  );
  const running = action === 'export';
  const fingerprint = saved?.fingerprint ?? statusFingerprint;

  return (
    <section aria-labelledby="sync-export-title" className="sync-export">
      <h3 id="sync-export-title">{t('sync.export.heading')}</h3>
      <p className="hint">{t('sync.export.intro')}</p>
      <button
        type="button"
        disabled={action !== null}
        aria-busy={running}
        onClick={async () => {
          setSaved(null);
          const file = await exportBundle();
          if (!file) return;
          saveFile(file);
          setSaved({
            name: file.fileName,
            events: file.events,
            offices: file.offices,
            fingerprint: file.keyFingerprint,
          });
        }}
      >
        {running ? t('sync.export.running') : t('sync.export.button')}
      </button>
      <p role="status" className="hint">
        {saved &&
          t('sync.export.saved', {
            name: saved.name,
            count: saved.events,
            offices: saved.offices.map(officeName).join(', '),
          })}
      </p>
      <p className="sync-fingerprint">
        <span className="label">{t('sync.export.fingerprint')}:</span>{' '}
        {fingerprint ? (
          // As the admin tool prints and takes it (import-bundle --trust), so it can be compared character by character.
          <span className="mono">{fingerprint}</span>
        ) : (
          <span className="hint">{t('sync.export.noKey')}</span>
        )}
      </p>
      {fingerprint && <p className="hint">{t('sync.export.fingerprintHint')}</p>}
      <ReceiptImport />
    </section>
  );
}
