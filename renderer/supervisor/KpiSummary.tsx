import { useTranslation } from 'react-i18next';
import type { KpiRow } from '../../shared/stats';
import { minutesText, numberFormat, shareText } from '../format';

/** The headline figures of the range, with the definitions of docs/domain.md. */
export function KpiSummary({ total, serviceLevelMinutes }: { total: KpiRow; serviceLevelMinutes: number }) {
  const { t, i18n } = useTranslation();
  const n = numberFormat(i18n, 0);
  const items: [string, string][] = [
    [t('supervisor.kpi.arrived'), n.format(total.arrived)],
    [t('supervisor.kpi.served'), n.format(total.served)],
    [t('supervisor.kpi.noShows'), `${n.format(total.noShows)} (${shareText(i18n, total.noShowShare)})`],
    [t('supervisor.kpi.errands'), n.format(total.errands)],
    [t('supervisor.kpi.avgWait'), minutesText(i18n, total.avgWaitSeconds)],
    [t('supervisor.kpi.maxWait'), minutesText(i18n, total.maxWaitSeconds)],
    [
      t('supervisor.kpi.overServiceLevel', { minutes: serviceLevelMinutes }),
      shareText(i18n, total.overServiceLevelShare),
    ],
    [t('supervisor.kpi.avgService'), minutesText(i18n, total.avgServiceSeconds)],
    [t('supervisor.kpi.withoutEid'), n.format(total.withoutEid)],
    [t('supervisor.kpi.interpreter'), n.format(total.interpreter)],
  ];
  return (
    <dl className="kpis">
      {items.map(([label, value]) => (
        <div key={label} className="kpi">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
