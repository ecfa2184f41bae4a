import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Counter } from '../../shared/api';
import {
  AGENCIES,
  CORRECTION_REASONS,
  OUTCOMES,
  type Agency,
  type CorrectionReason,
  type Outcome,
} from '../../shared/domain';
import { FOCUS, focusWhenReady } from '../focus';
import { clockTime, formatWait, localeOf } from '../format';
import { agencyLabel, errandLabel, errandTitle, outcomeLabel } from '../labels';
import { NO_FILTER, filterVisits, type LogFilter } from '../logFilter';
import { useQueue } from '../store/queue';
import { useSession } from '../store/session';
import { CorrectionHistory } from './CorrectionHistory';
import { MyFigures } from './MyFigures';

/** A stable empty list: a selector must not return a new array each time (zustand would loop). */
const NO_COUNTERS: Counter[] = [];

/** Today's visits of this office (local day in Europe/Stockholm), newest first, with filters. */
export function TodayLogTable() {
  const { t, i18n } = useTranslation();
  const today = useSession((s) => s.today);
  const current = useSession((s) => s.current);
  const signature = useSession((s) => s.setup?.officerSignature);
  const counters = useQueue((s) => s.snapshot?.counters ?? NO_COUNTERS);
  const [filter, setFilter] = useState<LogFilter>(NO_FILTER);
  if (!today) return null;
  const date = new Intl.DateTimeFormat(localeOf(i18n), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${today.localDate}T00:00:00Z`));
  const officers = [...new Set(today.visits.map((v) => v.officerSignature))].sort();
  const shown = filterVisits(today.visits, filter, (kind) => errandLabel(t, kind));
  const set = (patch: Partial<LogFilter>) => setFilter({ ...filter, ...patch });

  return (
    <section className="panel log" aria-labelledby="log-title">
      <h1 id="log-title">
        {t('log.title')} <span className="count">{t('log.count', { count: today.visits.length })}</span>
      </h1>
      {signature && <MyFigures visits={today.visits} signature={signature} />}
      <form
        className="filters"
        role="search"
        autoComplete="off"
        aria-label={t('log.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          {t('log.search')}
          <input type="search" value={filter.search} onChange={(e) => set({ search: e.target.value })} />
        </label>
        <label>
          {t('log.filterAgency')}
          <select value={filter.agency} onChange={(e) => set({ agency: e.target.value as Agency | '' })}>
            <option value="">{t('log.all')}</option>
            {AGENCIES.map((a) => (
              <option key={a} value={a}>
                {agencyLabel(t, a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('log.filterOutcome')}
          <select value={filter.outcome} onChange={(e) => set({ outcome: e.target.value as Outcome | '' })}>
            <option value="">{t('log.all')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {outcomeLabel(t, o)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('log.filterCounter')}
          <select value={filter.counterId} onChange={(e) => set({ counterId: e.target.value })}>
            <option value="">{t('log.all')}</option>
            {counters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('log.filterOfficer')}
          <select value={filter.officer} onChange={(e) => set({ officer: e.target.value })}>
            <option value="">{t('log.all')}</option>
            {officers.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      </form>
      {shown.length === 0 ? (
        <p>{today.visits.length === 0 ? t('log.empty') : t('log.noMatch')}</p>
      ) : (
        <table>
          <caption>{t('log.caption', { date, shown: shown.length, total: today.visits.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('log.time')}</th>
              <th scope="col">{t('log.ticket')}</th>
              <th scope="col">{t('log.status')}</th>
              <th scope="col">{t('log.errands')}</th>
              <th scope="col">{t('log.officer')}</th>
              <th scope="col">{t('log.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((visit) => (
              <tr key={visit.id} data-visit-id={visit.id}>
                <td>{clockTime(t, visit.startedAt)}</td>
                <td>
                  {visit.ticketNumber ?? '–'}
                  {visit.waitingSeconds !== null && (
                    <span className="hint"> ({t('log.waited', { time: formatWait(visit.waitingSeconds) })})</span>
                  )}
                </td>
                <td>
                  {visit.closedAt ? t('log.closedAt', { time: clockTime(t, visit.closedAt) }) : t('log.open')}
                  {visit.corrections > 0 && (
                    <span className="hint"> {t('log.corrected', { count: visit.corrections })}</span>
                  )}
                  {visit.corrections > 0 && <CorrectionHistory visitId={visit.id} />}
                </td>
                <td>
                  <ul className="plain">
                    {visit.errands.map((e) => (
                      <li key={e.id}>
                        {errandTitle(t, e)}
                        {e.outcome && <> – {outcomeLabel(t, e.outcome)}</>}
                        {e.lacksEid && <span className="tag">{t('log.noEid')}</span>}
                        {e.interpreter && <span className="tag">{t('log.interpreter')}</span>}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {visit.officerSignature}
                  {visit.counterName && <span className="hint"> · {visit.counterName}</span>}
                </td>
                <td>
                  {visit.closedAt && !current && (
                    <CorrectVisit
                      visitId={visit.id}
                      label={t('log.correctThis', { time: clockTime(t, visit.startedAt) })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "Rätta": asks why (a fixed list), then reopens the visit; "Avbryt" leaves it closed and untouched. */
function CorrectVisit({ visitId, label }: { visitId: string; label: string }) {
  const { t } = useTranslation();
  const busy = useSession((s) => s.busy);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState<CorrectionReason | ''>('');
  const id = `correct-${visitId}`;
  // The reopened visit is up in the counter: back to the top of the page, focus on its first errand.
  const correct = async (why: CorrectionReason) => {
    await useSession.getState().reopenVisit(visitId, why);
    const errand = useSession.getState().current?.errands[0];
    if (!errand) return;
    window.scrollTo({ top: 0 });
    focusWhenReady(FOCUS.errandOutcome(errand.id));
  };
  if (!asking) {
    return (
      <button
        type="button"
        id={`${id}-open`}
        className="link-button"
        onClick={() => setAsking(true)}
        aria-label={label}
      >
        {t('log.correct')}
      </button>
    );
  }
  const cancel = () => {
    setAsking(false);
    setReason('');
    focusWhenReady(`#${id}-open`);
  };
  return (
    <div className="correct-form" role="group" aria-label={label}>
      <label htmlFor={`${id}-reason`}>{t('log.correctReason')}</label>
      <select
        id={`${id}-reason`}
        value={reason}
        autoFocus
        onChange={(e) => setReason(e.target.value as CorrectionReason)}
        onKeyDown={(e) => e.key === 'Escape' && cancel()}
      >
        <option value="">{t('log.correctReasonPlaceholder')}</option>
        {CORRECTION_REASONS.map((r) => (
          <option key={r} value={r}>
            {t(`correctionReason.${r}`)}
          </option>
        ))}
      </select>
      <div className="button-row">
        <button
          type="button"
          className="small"
          disabled={!reason || busy}
          onClick={() => reason && void correct(reason)}
        >
          {t('log.correctConfirm')}
        </button>
        <button type="button" className="small" onClick={cancel}>
          {t('log.correctCancel')}
        </button>
      </div>
    </div>
  );
}
