import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage';
import { useSupervisor } from '../store/supervisor';
import { ChangePassphrase } from './ChangePassphrase';
import { DashboardCharts } from './DashboardCharts';
import { ExportPanel } from './ExportPanel';
import { KpiSummary } from './KpiSummary';
import { RangeToolbar } from './RangeToolbar';
import { ReportTables } from './ReportTables';

/** The supervisor's view of one office over a range of days. */
export function Dashboard({ officeName }: { officeName: string }) {
  const { t } = useTranslation();
  const report = useSupervisor((s) => s.report);
  const loading = useSupervisor((s) => s.loading);
  const error = useSupervisor((s) => s.error);
  return (
    <>
      <RangeToolbar />
      <ErrorMessage error={error} onDismiss={() => useSupervisor.setState({ error: null })} />
      {report && (
        <div className="report" aria-busy={loading}>
          <h2 className="report-title">
            {t('supervisor.reportTitle', { office: officeName, from: report.from, to: report.to })}
          </h2>
          <KpiSummary total={report.total} serviceLevelMinutes={report.serviceLevelMinutes} />
          <DashboardCharts report={report} />
          <ReportTables report={report} />
          <ExportPanel />
          <p className="hint">{t('supervisor.definitions')}</p>
        </div>
      )}
      {loading && !report && <p role="status">{t('app.loading')}</p>}
      <ChangePassphrase />
    </>
  );
}
