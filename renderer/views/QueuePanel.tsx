import { memo, useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueConfig, Ticket } from '../../shared/api';
import { openDisplay } from '../api/client';
import { ShortcutButton } from '../components/ShortcutButton';
import { AppointmentsSection } from './AppointmentsSection';
import { QueueSettings } from './QueueSettings';
import { formatDuration, secondsSince } from '../format';
import { myTicket, useQueue } from '../store/queue';
import { useSession } from '../store/session';
import { useShortcuts } from '../shortcuts';
import { useNow } from '../useNow';

/** How many waiting tickets are listed before "show all": a long list helps nobody at the counter. */
const LIST_LIMIT = 25;

export function QueuePanel() {
  const { t } = useTranslation();
  const snapshot = useQueue((s) => s.snapshot);
  const snapshotAt = useQueue((s) => s.snapshotAt);
  const counterId = useQueue((s) => s.counterId);
  const busy = useSession((s) => s.busy);
  const q = useQueue.getState();
  const mine = useQueue(myTicket);
  const [issueLetter, setIssueLetter] = useState('A');
  const now = useNow();

  // Closes the 'lucka:snapshot' mark: snapshot set → DOM committed, and → next frame painted.
  useLayoutEffect(() => {
    if (!snapshot || performance.getEntriesByName('lucka:snapshot', 'mark').length === 0) return;
    performance.measure('lucka:queue-commit', 'lucka:snapshot');
    requestAnimationFrame(() => performance.measure('lucka:queue-frame', 'lucka:snapshot'));
  }, [snapshot]);

  useShortcuts(
    {
      callNext: () => counterId && !mine && void q.callNext(),
      recall: () => mine && void q.recall(mine.id),
      serve: () => mine?.state === 'called' && void q.serve(),
      noShow: () => mine?.state === 'called' && void q.noShow(),
      requeue: () => mine?.state === 'called' && void q.requeue(),
      issue: () => void q.issue(issueLetter, 'officer'),
    },
    () => useSession.getState().busy,
  );

  if (!snapshot) return null;
  const counter = snapshot.counters.find((c) => c.id === counterId);
  const activeQueues = snapshot.queues.filter((x) => x.active);

  return (
    <section className="panel queue" aria-labelledby="queue-title">
      <div className="panel-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <button type="button" className="link-button" onClick={() => void openDisplay()}>
          {t('queue.openDisplay')}
        </button>
      </div>

      <CounterPicker />

      <ul className="queue-stats" aria-label={t('queue.statsLabel')}>
        {activeQueues.map((queue) => (
          <li key={queue.letter}>
            <span className="queue-letter">{queue.letter}</span> {queue.name}:{' '}
            <strong>{t('queue.waitingCount', { count: queue.waiting })}</strong>
            {queue.longestWaitSeconds !== null && (
              <span className="hint">
                {' '}
                ·{' '}
                {t('queue.longest', {
                  // The backend's figure, kept ticking since the snapshot arrived.
                  time: formatDuration(queue.longestWaitSeconds + secondsSince(snapshotAt, now)),
                })}
              </span>
            )}
          </li>
        ))}
      </ul>

      <div className="my-ticket" role="status" aria-live="polite">
        {!counter ? (
          t('queue.noCounter')
        ) : mine ? (
          <>
            <span className="ticket-number">{mine.number}</span>{' '}
            {t(mine.state === 'serving' ? 'queue.serving' : 'queue.called', {
              count: mine.callCount,
              counter: counter.name,
            })}
          </>
        ) : (
          t('queue.free', { counter: counter.name })
        )}
      </div>

      <div className="actions" role="group" aria-label={t('queue.actionsLabel')}>
        <ShortcutButton
          action="callNext"
          className="primary"
          disabled={busy || !counter || !!mine}
          onClick={() => void q.callNext()}
        >
          {t('queue.callNext')}
        </ShortcutButton>
        <ShortcutButton
          action="recall"
          disabled={busy || !mine || mine.state !== 'called'}
          onClick={() => mine && void q.recall(mine.id)}
        >
          {t('queue.recall')}
        </ShortcutButton>
        <ShortcutButton action="serve" disabled={busy || mine?.state !== 'called'} onClick={() => void q.serve()}>
          {t('queue.serve')}
        </ShortcutButton>
        <ShortcutButton action="noShow" disabled={busy || mine?.state !== 'called'} onClick={() => void q.noShow()}>
          {t('queue.noShow')}
        </ShortcutButton>
        <ShortcutButton action="requeue" disabled={busy || mine?.state !== 'called'} onClick={() => void q.requeue()}>
          {t('queue.requeue')}
        </ShortcutButton>
      </div>

      <form
        className="issue"
        onSubmit={(e) => {
          e.preventDefault();
          void q.issue(issueLetter, 'officer');
        }}
      >
        <label htmlFor="issue-queue">{t('queue.issueFor')}</label>
        <select id="issue-queue" value={issueLetter} onChange={(e) => setIssueLetter(e.target.value)}>
          {activeQueues.map((queue) => (
            <option key={queue.letter} value={queue.letter}>
              {queue.letter} – {queue.name}
            </option>
          ))}
        </select>
        <ShortcutButton action="issue" type="submit" disabled={busy}>
          {t('queue.issue')}
        </ShortcutButton>
      </form>

      <WaitingList waiting={snapshot.waiting} queues={activeQueues} canCall={!!counter && !mine} now={now} />
      <NoShowList tickets={snapshot.noShows} canCall={!!counter && !mine} />
      <AppointmentsSection />
      <QueueSettings />
    </section>
  );
}

function CounterPicker() {
  const { t } = useTranslation();
  const snapshot = useQueue((s) => s.snapshot)!;
  const counterId = useQueue((s) => s.counterId);
  const officer = useSession((s) => s.setup?.officerSignature);
  const [choice, setChoice] = useState('');
  const counter = snapshot.counters.find((c) => c.id === counterId);
  if (counter) {
    return (
      <p className="counter-line">
        {t('queue.atCounter', { counter: counter.name, officer })}{' '}
        <button type="button" onClick={() => void useQueue.getState().closeCounter()}>
          {t('queue.closeCounter')}
        </button>
      </p>
    );
  }
  return (
    <form
      className="counter-line"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) void useQueue.getState().chooseCounter(choice);
      }}
    >
      <label htmlFor="counter-choice">{t('queue.counter')}</label>
      <select id="counter-choice" value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{t('queue.counterPlaceholder')}</option>
        {snapshot.counters.map((c) => (
          <option key={c.id} value={c.id} disabled={!!c.officerSignature && c.officerSignature !== officer}>
            {c.name}
            {c.officerSignature ? ` (${c.officerSignature})` : ''}
          </option>
        ))}
      </select>
      <button type="submit">{t('queue.openCounter')}</button>
    </form>
  );
}

const WaitingRow = memo(function WaitingRow({
  ticket,
  queues,
  canCall,
  now,
}: {
  ticket: Ticket;
  queues: QueueConfig[];
  canCall: boolean;
  now: number;
}) {
  const { t } = useTranslation();
  const q = useQueue.getState();
  return (
    <tr>
      <th scope="row">{ticket.number}</th>
      <td>{ticket.queueLetter}</td>
      <td>{formatDuration(secondsSince(ticket.issuedAt, now))}</td>
      <td className="row-actions">
        <button
          type="button"
          disabled={!canCall}
          onClick={() => void q.callTicket(ticket.id)}
          aria-label={t('queue.callThis', { number: ticket.number })}
        >
          {t('queue.call')}
        </button>
        <TransferControl ticket={ticket} queues={queues} />
        <button
          type="button"
          className="link-button"
          onClick={() => void q.cancel(ticket.id)}
          aria-label={t('queue.cancelThis', { number: ticket.number })}
        >
          {t('queue.cancel')}
        </button>
      </td>
    </tr>
  );
});

/** Choose the queue, then press Flytta: moving a ticket is never a side effect of browsing a list. */
function TransferControl({ ticket, queues }: { ticket: Ticket; queues: QueueConfig[] }) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  return (
    <span className="transfer">
      <select
        aria-label={t('queue.transferThis', { number: ticket.number })}
        value={to}
        onChange={(e) => setTo(e.target.value)}
      >
        <option value="">{t('queue.transferTo')}</option>
        {queues
          .filter((x) => x.letter !== ticket.queueLetter)
          .map((x) => (
            <option key={x.letter} value={x.letter}>
              {x.letter} – {x.name}
            </option>
          ))}
      </select>
      <button
        type="button"
        disabled={!to}
        onClick={() => void useQueue.getState().transfer(ticket.id, to)}
        aria-label={t('queue.moveThis', { number: ticket.number })}
      >
        {t('queue.move')}
      </button>
    </span>
  );
}

function WaitingList({
  waiting,
  queues,
  canCall,
  now,
}: {
  waiting: Ticket[];
  queues: QueueConfig[];
  canCall: boolean;
  now: number;
}) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? waiting : waiting.slice(0, LIST_LIMIT);
  return (
    <div className="waiting">
      <h2>{t('queue.waitingTitle', { count: waiting.length })}</h2>
      {waiting.length === 0 ? (
        <p>{t('queue.nobodyWaiting')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('queue.waitingCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.number')}</th>
              <th scope="col">{t('queue.queue')}</th>
              <th scope="col">{t('queue.waited')}</th>
              <th scope="col">{t('queue.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((ticket) => (
              <WaitingRow key={ticket.id} ticket={ticket} queues={queues} canCall={canCall} now={now} />
            ))}
          </tbody>
        </table>
      )}
      {waiting.length > LIST_LIMIT && (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? t('queue.showFewer') : t('queue.showAll', { count: waiting.length })}
        </button>
      )}
    </div>
  );
}

function NoShowList({ tickets, canCall }: { tickets: Ticket[]; canCall: boolean }) {
  const { t } = useTranslation();
  if (tickets.length === 0) return null;
  return (
    <div className="no-shows">
      <h2>{t('queue.noShowsTitle')}</h2>
      <ul className="plain">
        {tickets.map((ticket) => (
          <li key={ticket.id}>
            {ticket.number}{' '}
            <button type="button" disabled={!canCall} onClick={() => void useQueue.getState().recall(ticket.id)}>
              {t('queue.recallThis', { number: ticket.number })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
