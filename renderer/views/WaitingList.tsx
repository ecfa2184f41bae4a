import { memo, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueConfig, Ticket } from '../../shared/api';
import { stockholmTime } from '../../shared/time';
import { FOCUS, focusWhenReady } from '../focus';
import { formatWait, secondsSince } from '../format';
import { useQueue } from '../store/queue';
import { useNow } from '../useNow';

/** Called from a list: the lists go back to their top (the next in line), focus to "Betjäna". */
function afterCall() {
  document.querySelector('.queue-lists')?.scrollTo({ top: 0 });
  focusWhenReady(FOCUS.serve);
}

/** How many waiting tickets are listed before "show all": a long list helps nobody at the counter. */
const LIST_LIMIT = 25;

/**
 * The waiting tickets as a compact table (number, queue, waited) in calling order. A row's
 * actions (call, transfer, cancel) open in a detail row under it, one at a time, so every
 * row stays one line high and the table never grows sideways.
 */
export function WaitingList({
  waiting,
  queues,
  canCall,
}: {
  waiting: Ticket[];
  queues: QueueConfig[];
  canCall: boolean;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const shown = all ? waiting : waiting.slice(0, LIST_LIMIT);
  const active = useMemo(() => queues.filter((x) => x.active), [queues]);
  // Stable callbacks, so the memoised rows re-render only when what they show changes.
  const toggle = useCallback((id: string) => setOpen((o) => (o === id ? null : id)), []);
  const done = useCallback(() => setOpen(null), []);
  return (
    <div className="waiting">
      <h2 id="waiting-title" tabIndex={-1}>
        {t('queue.waitingTitle', { count: waiting.length })}
      </h2>
      {waiting.length === 0 ? (
        <p>{t('queue.nobodyWaiting')}</p>
      ) : (
        <table className="compact">
          <caption className="visually-hidden">{t('queue.waitingCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.number')}</th>
              <th scope="col">{t('queue.queue')}</th>
              <th scope="col">{t('queue.waited')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('queue.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((ticket) => (
              <WaitingRow
                key={ticket.id}
                ticket={ticket}
                waited={formatWait(secondsSince(ticket.issuedAt, now))}
                open={open === ticket.id}
                onToggle={toggle}
                onDone={done}
                queues={active}
                canCall={canCall}
              />
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

/** Memoised on what the row shows (the wait as text), so a tick that changes no minute re-renders nothing. */
const WaitingRow = memo(function WaitingRow({
  ticket,
  waited,
  open,
  onToggle,
  onDone,
  queues,
  canCall,
}: {
  ticket: Ticket;
  waited: string;
  open: boolean;
  onToggle(id: string): void;
  onDone(): void;
  queues: QueueConfig[];
  canCall: boolean;
}) {
  const { t } = useTranslation();
  const detailId = `row-detail-${ticket.id}`;
  return (
    <>
      <tr className={open ? 'open' : undefined}>
        <th scope="row">{ticket.number}</th>
        <td>{ticket.queueLetter}</td>
        <td className="nowrap">{waited}</td>
        <td className="row-toggle">
          <button
            type="button"
            id={`row-actions-${ticket.id}`}
            className="small"
            aria-expanded={open}
            aria-controls={open ? detailId : undefined}
            aria-label={t('queue.actionsFor', { number: ticket.number })}
            onClick={() => onToggle(ticket.id)}
          >
            {t('queue.actions')} <span aria-hidden="true">{open ? '▴' : '▾'}</span>
          </button>
        </td>
      </tr>
      {open && (
        <tr className="row-detail" id={detailId}>
          <td colSpan={4}>
            <RowActions ticket={ticket} queues={queues} canCall={canCall} onDone={onDone} />
          </td>
        </tr>
      )}
    </>
  );
});

/** Call, move or cancel one waiting ticket. Esc closes and gives focus back to the row. */
function RowActions({
  ticket,
  queues,
  canCall,
  onDone,
}: {
  ticket: Ticket;
  queues: QueueConfig[];
  canCall: boolean;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const q = useQueue.getState();
  const back = () => {
    onDone();
    focusWhenReady(FOCUS.rowActions(ticket.id));
  };
  return (
    <div
      className="row-actions"
      role="group"
      aria-label={t('queue.actionsFor', { number: ticket.number })}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          back();
        }
      }}
    >
      <button
        type="button"
        className="small"
        disabled={!canCall}
        onClick={() => {
          onDone();
          void q.callTicket(ticket.id).then(afterCall);
        }}
        aria-label={t('queue.callThis', { number: ticket.number })}
      >
        {t('queue.call')}
      </button>
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
        {/* Choose the queue, then press Flytta: moving a ticket is never a side effect of browsing a list. */}
        <button
          type="button"
          className="small"
          disabled={!to}
          onClick={() => void q.transfer(ticket.id, to).then(back)}
          aria-label={t('queue.moveThis', { number: ticket.number })}
        >
          {t('queue.move')}
        </button>
      </span>
      <button
        type="button"
        className="small"
        onClick={() => {
          onDone();
          void q.cancel(ticket.id).then(() => focusWhenReady(FOCUS.waitingTitle));
        }}
        aria-label={t('queue.cancelThis', { number: ticket.number })}
      >
        {t('queue.cancel')}
      </button>
    </div>
  );
}

export function NoShowList({ tickets, canCall }: { tickets: Ticket[]; canCall: boolean }) {
  const { t } = useTranslation();
  if (tickets.length === 0) return null;
  return (
    <div className="no-shows">
      <h2>{t('queue.noShowsTitle')}</h2>
      <ul className="plain">
        {tickets.map((ticket) => (
          <li key={ticket.id}>
            {ticket.number}{' '}
            <button
              type="button"
              className="small"
              disabled={!canCall}
              onClick={() => void useQueue.getState().recall(ticket.id).then(afterCall)}
            >
              {t('queue.recallThis', { number: ticket.number })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Yesterday's tickets still waiting (a queue that ran past midnight): shown apart, since
 * "Kalla nästa" takes only today's, and callable by hand. Served, they count on their own day.
 */
export function CarriedOverList({ tickets, canCall }: { tickets: Ticket[]; canCall: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  if (tickets.length === 0) return null;
  return (
    <div className="carried-over">
      <h2>{t('queue.carriedOverTitle', { count: tickets.length })}</h2>
      <p className="hint">{t('queue.carriedOverHint')}</p>
      <ul className="plain">
        {tickets.map((ticket) => (
          <li key={ticket.id}>
            <strong>{ticket.number}</strong>{' '}
            {t('queue.carriedOverSince', {
              time: stockholmTime(new Date(ticket.issuedAt)),
              waited: formatWait(secondsSince(ticket.issuedAt, now)),
            })}{' '}
            <button
              type="button"
              className="small"
              disabled={!canCall}
              onClick={() => void useQueue.getState().callTicket(ticket.id).then(afterCall)}
            >
              {t('queue.callThis', { number: ticket.number })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
