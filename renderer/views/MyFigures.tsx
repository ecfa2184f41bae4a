import { useTranslation } from 'react-i18next';
import type { Visit } from '../../shared/api';
import { minutesText } from '../format';

/**
 * The officer's own figures for today, from today's log: what an officer may see without
 * the supervisor passphrase (the office's figures are the supervisor's).
 */
export function MyFigures({ visits, signature }: { visits: readonly Visit[]; signature: string }) {
  const { t, i18n } = useTranslation();
  // A visit reopened for a correction was closed already and keeps counting (as the statistics do).
  const mine = visits.filter((v) => v.officerSignature === signature && (v.closedAt !== null || v.corrections > 0));
  const errands = mine.reduce((n, v) => n + v.errands.length, 0);
  const closed = mine.filter((v) => v.closedAt !== null);
  const service = closed.map((v) => (Date.parse(v.closedAt!) - Date.parse(v.startedAt)) / 1000);
  const average = service.length ? service.reduce((a, b) => a + b, 0) / service.length : null;
  return (
    <p className="hint my-figures">
      {t('log.myFigures', { visits: mine.length, errands, service: minutesText(i18n, average) })}
    </p>
  );
}
