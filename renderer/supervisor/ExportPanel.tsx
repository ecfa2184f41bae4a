import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, STATS_TABLES, type ExportFormat, type StatsTable } from '../../shared/stats';
import { useSupervisor } from '../store/supervisor';
import { saveFile } from './saveFile';

/** The errand-kind and hour tables are sheets of the daily-counts workbook; on their own they are CSV. */
const FORMATS_OF: Record<StatsTable, readonly ExportFormat[]> = {
  report: EXPORT_FORMATS,
  errand_kinds: ['csv_excel', 'csv'],
  hours: ['csv_excel', 'csv'],
  visits: EXPORT_FORMATS,
};

/**
 * Exports of the report on screen. The file is made in the backend process, so the window
 * stays responsive while a year of a busy office is written; the button shows progress.
 */
export function ExportPanel() {
  const { t, i18n } = useTranslation();
  const exporting = useSupervisor((s) => s.exporting);
  const loading = useSupervisor((s) => s.loading);
  const exportFile = useSupervisor((s) => s.exportFile);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section aria-labelledby="export-title" className="export-panel">
      <h2 id="export-title">{t('supervisor.exportTitle')}</h2>
      <p className="hint">{t('supervisor.exportHint')}</p>
      {STATS_TABLES.map((table) => (
        <div key={table} className="export-row" role="group" aria-labelledby={`export-${table}`}>
          <span id={`export-${table}`} className="export-label">
            {t(`supervisor.exportTable.${table}`)}
          </span>
          {FORMATS_OF[table].map((format) => {
            const busy = exporting === `${table}:${format}`;
            return (
              <button
                key={format}
                type="button"
                // Not while a new range loads: the file must hold what the screen shows.
                disabled={exporting !== null || loading}
                aria-busy={busy}
                onClick={async () => {
                  setSaved(null);
                  const file = await exportFile(table, format, i18n.language === 'en' ? 'en' : 'sv');
                  if (!file) return;
                  saveFile(file);
                  setSaved(
                    t('supervisor.saved', { name: file.fileName, kb: Math.max(1, Math.round(file.bytes / 1024)) }),
                  );
                }}
              >
                {busy ? t('supervisor.exporting') : t(`supervisor.format.${format}`)}
              </button>
            );
          })}
        </div>
      ))}
      {exporting && <progress aria-label={t('supervisor.exporting')} />}
      <p role="status" className="hint">
        {saved}
      </p>
    </section>
  );
}
