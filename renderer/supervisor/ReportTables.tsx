import { useTranslation } from 'react-i18next';
import { OUTCOMES } from '../../shared/domain';
import type { OutcomeColumn, StatsReport } from '../../shared/stats';
import { agencyLabel, errandLabel, outcomeLabel } from '../labels';
import { minutesText, shareText } from '../format';

const COLUMNS: OutcomeColumn[] = [...OUTCOMES, 'none'];

/** Errands per kind with their outcomes, and every KPI per day: the figures behind the charts. */
export function ReportTables({ report }: { report: StatsReport }) {
  const { t, i18n } = useTranslation();
  const kinds = new Map<string, { agency: string; errands: number; outcomes: Record<OutcomeColumn, number> }>();
  for (const row of report.errandKinds) {
    const entry = kinds.get(row.errandKind) ?? {
      agency: row.agency,
      errands: 0,
      outcomes: Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Record<OutcomeColumn, number>,
    };
    entry.errands += row.errands;
    for (const c of COLUMNS) entry.outcomes[c] += row.outcomes[c];
    kinds.set(row.errandKind, entry);
  }
  const outcomeHeader = (c: OutcomeColumn) => (c === 'none' ? t('supervisor.noOutcome') : outcomeLabel(t, c));
  return (
    <>
      <h2 id="kinds-title">{t('supervisor.kindsTitle')}</h2>
      <div className="table-scroll">
        <table aria-labelledby="kinds-title">
          <thead>
            <tr>
              <th scope="col">{t('supervisor.errandKind')}</th>
              <th scope="col">{t('supervisor.kpi.errands')}</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {outcomeHeader(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...kinds.entries()].map(([kind, row]) => (
              <tr key={kind}>
                <th scope="row">
                  {errandLabel(t, kind)} <span className="hint">({agencyLabel(t, row.agency)})</span>
                </th>
                <td>{row.errands}</td>
                {COLUMNS.map((c) => (
                  <td key={c}>{row.outcomes[c]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details className="days-table">
        <summary>{t('supervisor.daysTitle')}</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('supervisor.date')}</th>
                <th scope="col">{t('supervisor.kpi.arrived')}</th>
                <th scope="col">{t('supervisor.kpi.served')}</th>
                <th scope="col">{t('supervisor.kpi.noShows')}</th>
                <th scope="col">{t('supervisor.kpi.errands')}</th>
                <th scope="col">{t('supervisor.kpi.avgWait')}</th>
                <th scope="col">{t('supervisor.kpi.maxWait')}</th>
                <th scope="col">{t('supervisor.kpi.overServiceLevel', { minutes: report.serviceLevelMinutes })}</th>
                <th scope="col">{t('supervisor.kpi.avgService')}</th>
                <th scope="col">{t('supervisor.kpi.withoutEid')}</th>
                <th scope="col">{t('supervisor.kpi.interpreter')}</th>
              </tr>
            </thead>
            <tbody>
              {report.days.map((d) => (
                <tr key={d.localDate}>
                  <th scope="row">{d.localDate}</th>
                  <td>{d.arrived}</td>
                  <td>{d.served}</td>
                  <td>{d.noShows}</td>
                  <td>{d.errands}</td>
                  <td>{minutesText(i18n, d.avgWaitSeconds)}</td>
                  <td>{minutesText(i18n, d.maxWaitSeconds)}</td>
                  <td>{shareText(i18n, d.overServiceLevelShare)}</td>
                  <td>{minutesText(i18n, d.avgServiceSeconds)}</td>
                  <td>{d.withoutEid}</td>
                  <td>{d.interpreter}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
