import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, STATS_TABLES, type ExportFormat, type StatsTable } from '../../shared/stats';
import { numberFormat } from '../format';
import { useSupervisor } from '../store/supervisor';

/** The errand-kind and hour tables are sheets of the daily-counts workbook; on their own they are CSV. */
const FORMATS_OF: Record<StatsTable, readonly ExportFormat[]> = {
  report: EXPORT_FORMATS,
  errand_kinds: ['csv_excel', 'csv'],
  hours: ['csv_excel', 'csv'],
  visits: EXPORT_FORMATS,
};

/**
 * Exports of the report on screen. The backend makes the file in a worker thread, so
 * neither this window nor the counter waits while a year of a busy office is written;
 * the panel shows rows done of rows total and can cancel. The finished file is saved
 * through the bridge (Electron's save dialog, or a download in the preview).
 */
export function ExportPanel() {
  const { t, i18n } = useTranslation();
  const exporting = useSupervisor((s) => s.exporting);
  const loading = useSupervisor((s) => s.loading);
  const exportFile = useSupervisor((s) => s.exportFile);
  const cancelExport = useSupervisor((s) => s.cancelExport);
  const job = useSupervisor((s) => s.job);
  const [saved, setSaved] = useState<string | null>(null);
  const running = exporting !== null && job?.state === 'running';
  const ended =
    job?.state === 'cancelled'
      ? t('supervisor.exportCancelled')
      : job?.state === 'failed'
        ? t('supervisor.exportFailed')
        : null;
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
                  setSaved(
                    t('supervisor.saved', {
                      name: file.fileName,
                      kb: Math.max(1, Math.round((file.bytes ?? 0) / 1024)),
                    }),
                  );
                }}
              >
                {busy ? t('supervisor.exporting') : t(`supervisor.format.${format}`)}
              </button>
            );
          })}
        </div>
      ))}
      {exporting && (
        <div className="export-progress">
          {/* First, so it stays put while the count beside the bar grows. */}
          <button type="button" disabled={!running} onClick={() => void cancelExport()}>
            {t('supervisor.cancelExport')}
          </button>
          {/* Indeterminate until the backend knows how many rows there are. */}
          <progress
            aria-label={t('supervisor.exporting')}
            {...(job?.total ? { max: job.total, value: job.done } : {})}
          />
          {job?.total ? (
            <span className="hint" data-testid="export-progress">
              {t('supervisor.exportProgress', {
                done: numberFormat(i18n, 0).format(job.done),
                total: numberFormat(i18n, 0).format(job.total),
              })}
            </span>
          ) : null}
        </div>
      )}
      <p role="status" className="hint">
        {ended ?? saved}
      </p>
    </section>
  );
}
