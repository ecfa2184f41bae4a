import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { stockholmInstant, stockholmTime } from '../../shared/time';
import { call } from '../api/client';
import { useQueue } from '../store/queue';
import { counterLane, useSession } from '../store/session';

/** Today's booked visits: book one (time, booking number, queue) and check in on arrival. */
export function AppointmentsSection() {
  const { t } = useTranslation();
  const snapshot = useQueue((s) => s.snapshot);
  const busy = useSession((s) => s.busy);
  const [time, setTime] = useState('');
  const [reference, setReference] = useState('');
  const [letter, setLetter] = useState('T');
  if (!snapshot) return null;
  const queues = snapshot.queues.filter((q) => q.active);

  async function book(event: FormEvent) {
    event.preventDefault();
    const session = useSession.getState();
    session.setError(null);
    if (!/^\d{2}:\d{2}$/.test(time)) {
      session.setError({
        code: 'VALIDATION',
        messageKey: 'errors.VALIDATION',
        details: [{ path: 'scheduledAt', issue: 'invalid' }],
      });
      return;
    }
    // The counter's request lane (busy, error); the pushed 'queue' change reloads the list.
    const scheduledAt = stockholmInstant(snapshot!.localDate, time).toISOString();
    const booked = await counterLane.request(() =>
      call('appointments.book', { queueLetter: letter, reference, scheduledAt, agency: null, errandKind: null }),
    );
    if (booked) {
      setTime('');
      setReference('');
    }
  }

  return (
    <details className="appointments">
      <summary>{t('appointments.title', { count: snapshot.appointments.length })}</summary>
      {snapshot.appointments.length > 0 && (
        <ul className="plain">
          {snapshot.appointments.map((a) => (
            <li key={a.id}>
              <strong>{stockholmTime(new Date(a.scheduledAt))}</strong> {a.reference} ({a.queueLetter}){' '}
              {a.ticketId ? (
                <span className="tag">{t('appointments.checkedIn')}</span>
              ) : (
                <button type="button" disabled={busy} onClick={() => void useQueue.getState().checkIn(a.reference)}>
                  {t('appointments.checkInThis', { reference: a.reference })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="book" onSubmit={(e) => void book(e)}>
        <label>
          {t('appointments.time')}
          <input type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
        </label>
        <label>
          {t('appointments.reference')}
          <input
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            maxLength={20}
            autoComplete="off"
            required
          />
        </label>
        <label>
          {t('appointments.queue')}
          <select value={letter} onChange={(e) => setLetter(e.target.value)}>
            {queues.map((q) => (
              <option key={q.letter} value={q.letter}>
                {q.letter} – {q.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {t('appointments.book')}
        </button>
      </form>
    </details>
  );
}
