import { useTranslation } from 'react-i18next';
import { AGENCIES } from '../../shared/domain';
import type { StatsReport } from '../../shared/stats';
import { hourLabel } from '../../shared/time';
import { agencyLabel } from '../labels';
import { ChartFigure } from './ChartFigure';

/** 16/11, or 16/11 2026 when the range spans more than one year. */
function dayLabel(localDate: string, withYear: boolean): string {
  const day = `${Number(localDate.slice(8, 10))}/${Number(localDate.slice(5, 7))}`;
  return withYear ? `${day} ${localDate.slice(0, 4)}` : day;
}

/** The four pictures a supervisor looks at; each has its numbers as a table beside it. */
export function DashboardCharts({ report }: { report: StatsReport }) {
  const { t } = useTranslation();
  const clockNames = { summer: t('supervisor.clock.summer'), winter: t('supervisor.clock.winter') };
  // Opening hours only: the hours before the first and after the last arrival stay out of the picture.
  const busy = report.byHour.filter((h) => h.arrived > 0).map((h) => h.hour);
  const first = busy.length ? Math.min(...busy) : 8;
  const last = busy.length ? Math.max(...busy) : 17;
  const hours = report.byHour
    .filter((h) => h.hour >= first && h.hour <= last)
    .map((h) => ({ hour: hourLabel(h, clockNames), arrived: h.arrived }));
  const withYear = report.from.slice(0, 4) !== report.to.slice(0, 4);
  const days = report.days.map((d) => ({
    day: dayLabel(d.localDate, withYear),
    arrived: d.arrived,
    served: d.served,
  }));
  const agencies = AGENCIES.map((a) => ({ agency: agencyLabel(t, a), errands: report.total.errandsByAgency[a] }));
  const waits = report.waitBuckets.map((b) => ({
    bucket: b.toMinutes === null ? `${b.fromMinutes}–` : `${b.fromMinutes}–${b.toMinutes}`,
    visits: b.visits,
  }));
  return (
    <div className="charts">
      <ChartFigure
        title={t('supervisor.chart.hours')}
        rows={hours}
        category="hour"
        categoryLabel={t('supervisor.chart.hour')}
        series={[{ key: 'arrived', label: t('supervisor.kpi.arrived') }]}
      />
      <ChartFigure
        title={t('supervisor.chart.days')}
        rows={days}
        category="day"
        categoryLabel={t('supervisor.chart.day')}
        series={[
          { key: 'arrived', label: t('supervisor.kpi.arrived') },
          { key: 'served', label: t('supervisor.kpi.served') },
        ]}
      />
      <ChartFigure
        title={t('supervisor.chart.agencies')}
        rows={agencies}
        category="agency"
        categoryLabel={t('supervisor.chart.agency')}
        series={[{ key: 'errands', label: t('supervisor.kpi.errands') }]}
        layout="vertical"
      />
      <ChartFigure
        title={t('supervisor.chart.waits', { minutes: report.serviceLevelMinutes })}
        rows={waits}
        category="bucket"
        categoryLabel={t('supervisor.chart.waitMinutes')}
        series={[{ key: 'visits', label: t('supervisor.chart.visits') }]}
      />
    </div>
  );
}
