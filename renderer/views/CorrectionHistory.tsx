import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitCorrection } from '../../shared/api';
import { stockholmTime } from '../../shared/time';
import { call } from '../api/client';
import { errandTitle, outcomeLabel } from '../labels';
import { counterLane } from '../store/session';

/** What a corrected visit looked like before each correction, loaded when opened. */
export function CorrectionHistory({ visitId }: { visitId: string }) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<VisitCorrection[] | null>(null);

  async function load(open: boolean) {
    if (!open || history) return;
    const loaded = await counterLane.request(() => call('visits.history', { visitId }));
    if (loaded) setHistory(loaded);
  }

  return (
    <details className="history" onToggle={(e) => void load((e.target as HTMLDetailsElement).open)}>
      <summary>{t('log.history')}</summary>
      {history && (
        <ol>
          {history.map((c) => (
            <li key={c.at}>
              {t('log.correctedAt', { time: stockholmTime(new Date(c.at)), officer: c.officerSignature })}
              {c.reason && <> · {t('log.correctionReasonShown', { reason: t(`correctionReason.${c.reason}`) })}</>}
              <ul className="plain">
                {c.before.errands.map((e) => (
                  <li key={e.id}>
                    {errandTitle(t, e)}
                    {e.outcome && <> – {outcomeLabel(t, e.outcome)}</>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
