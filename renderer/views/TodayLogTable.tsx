import { useTranslation } from 'react-i18next';
import { stockholmTime } from '../../shared/time';
import { errandTitle, outcomeLabel } from '../labels';
import { useSession } from '../store/session';

/** Today's visits of this office (local day in Europe/Stockholm), newest first. */
export function TodayLogTable() {
  const { t, i18n } = useTranslation();
  const today = useSession((s) => s.today);
  if (!today) return null;
  const date = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${today.localDate}T00:00:00Z`));

  return (
    <section className="panel log" aria-labelledby="log-title">
      <h1 id="log-title">
        {t('log.title')} <span className="count">{t('log.count', { count: today.visits.length })}</span>
      </h1>
      {today.visits.length === 0 ? (
        <p>{t('log.empty')}</p>
      ) : (
        <table>
          <caption>{t('log.caption', { date })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('log.time')}</th>
              <th scope="col">{t('log.status')}</th>
              <th scope="col">{t('log.errands')}</th>
              <th scope="col">{t('log.officer')}</th>
            </tr>
          </thead>
          <tbody>
            {today.visits.map((visit) => (
              <tr key={visit.id} data-visit-id={visit.id}>
                <td>{stockholmTime(new Date(visit.startedAt))}</td>
                <td>
                  {visit.closedAt
                    ? t('log.closedAt', { time: stockholmTime(new Date(visit.closedAt)) })
                    : t('log.open')}
                </td>
                <td>
                  <ul className="plain">
                    {visit.errands.map((e) => (
                      <li key={e.id}>
                        {errandTitle(t, e)}
                        {e.outcome && <> – {outcomeLabel(t, e.outcome)}</>}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{visit.officerSignature}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
