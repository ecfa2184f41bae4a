import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueSnapshot } from '../../shared/api';
import { stockholmDate } from '../../shared/time';
import { openDisplay } from '../api/client';
import { ShortcutButton } from '../components/ShortcutButton';
import { formatWait, secondsSince } from '../format';
import { myTicket, useQueue } from '../store/queue';
import { useSession } from '../store/session';
import { useShortcuts } from '../shortcuts';
import { useNow } from '../useNow';
import { AppointmentsSection } from './AppointmentsSection';
import { QueueSettings } from './QueueSettings';
import { CarriedOverList, NoShowList, WaitingList } from './WaitingList';
import { FOCUS, focusWhenReady } from '../focus';

/** The queue beside the visit: per-queue counts, a new ticket, the waiting list; it scrolls inside itself. */
export function QueuePanel() {
  const { t } = useTranslation();
  const snapshot = useQueue((s) => s.snapshot);
  const canCall = useQueue((s) => !!s.counterId && !myTicket(s));

  // Closes the 'lucka:snapshot' mark: snapshot set → DOM committed, and → next frame painted.
  useLayoutEffect(() => {
    if (!snapshot || performance.getEntriesByName('lucka:snapshot', 'mark').length === 0) return;
    performance.measure('lucka:queue-commit', 'lucka:snapshot');
    requestAnimationFrame(() => performance.measure('lucka:queue-frame', 'lucka:snapshot'));
  }, [snapshot]);

  // A new day: reload, so today's queue (and yesterday's tickets still waiting) show without waiting for a change.
  // Once per new day (the backend's clock is the truth: no loop if the two disagree).
  const today = stockholmDate(new Date(useNow()));
  const reloadedFor = useRef(today);
  useEffect(() => {
    if (reloadedFor.current === today) return;
    reloadedFor.current = today;
    void useQueue.getState().refresh();
  }, [today]);

  if (!snapshot) return null;
  return (
    <section className="panel queue" aria-labelledby="queue-title">
      <div className="queue-head">
        <div className="panel-head">
          <h1 id="queue-title">{t('queue.title')}</h1>
          <button type="button" className="link-button" onClick={() => void openDisplay()}>
            {t('queue.openDisplay')}
          </button>
        </div>
        <QueueStats queues={snapshot.queues} waiting={snapshot.waiting} />
        <IssueForm queues={snapshot.queues} />
      </div>
      <div className="queue-lists">
        <WaitingList waiting={snapshot.waiting} queues={snapshot.queues} canCall={canCall} />
        <CarriedOverList tickets={snapshot.carriedOver} canCall={canCall} />
        <NoShowList tickets={snapshot.noShows} canCall={canCall} />
        <AppointmentsSection />
        <QueueSettings />
      </div>
    </section>
  );
}

/** How many wait per queue and the longest wait, from the same tickets and clock as the rows below. */
function QueueStats({ queues, waiting }: Pick<QueueSnapshot, 'queues' | 'waiting'>) {
  const { t } = useTranslation();
  const now = useNow();
  return (
    <ul className="queue-stats" aria-label={t('queue.statsLabel')}>
      {queues
        .filter((x) => x.active)
        .map((queue) => {
          const longest = waiting
            .filter((ticket) => ticket.queueLetter === queue.letter)
            .reduce<number | null>((max, ticket) => Math.max(max ?? 0, secondsSince(ticket.issuedAt, now)), null);
          return (
            <li key={queue.letter}>
              <span className="queue-letter">{queue.letter}</span> <span className="queue-name">{queue.name}</span>{' '}
              <strong>{t('queue.waitingCount', { count: queue.waiting })}</strong>
              {longest !== null && <span className="hint"> · {t('queue.longest', { time: formatWait(longest) })}</span>}
            </li>
          );
        })}
    </ul>
  );
}

function IssueForm({ queues }: Pick<QueueSnapshot, 'queues'>) {
  const { t } = useTranslation();
  const busy = useSession((s) => s.busy);
  const [issueLetter, setIssueLetter] = useState('A');
  // A ticket issued at the counter is usually called next: the keyboard goes to "Kalla nästa"
  // (left where it was when the counter is busy, the button then being disabled).
  const issue = () =>
    void useQueue
      .getState()
      .issue(issueLetter, 'officer')
      .then(() => focusWhenReady(FOCUS.callNext));
  useShortcuts({ issue }, () => useSession.getState().busy);
  return (
    <form
      className="issue"
      onSubmit={(e) => {
        e.preventDefault();
        issue();
      }}
    >
      <label htmlFor="issue-queue">{t('queue.issueFor')}</label>
      <select id="issue-queue" value={issueLetter} onChange={(e) => setIssueLetter(e.target.value)}>
        {queues
          .filter((x) => x.active)
          .map((queue) => (
            <option key={queue.letter} value={queue.letter}>
              {queue.letter} – {queue.name}
            </option>
          ))}
      </select>
      <ShortcutButton action="issue" type="submit" disabled={busy}>
        {t('queue.issue')}
      </ShortcutButton>
    </form>
  );
}
