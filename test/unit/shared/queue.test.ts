import { describe, expect, it } from 'vitest';
import {
  TICKET_ACTIONS,
  TICKET_STATES,
  nextState,
  orderForCalling,
  ticketNumber,
  waitingSeconds,
  type CallCandidate,
  type TicketAction,
  type TicketState,
} from '../../../shared/queue';

/** The whole table, written out once more by hand: every pair not listed must be refused. */
const LEGAL: [TicketState, TicketAction, TicketState][] = [
  ['waiting', 'call', 'called'],
  ['waiting', 'transfer', 'waiting'],
  ['waiting', 'cancel', 'cancelled'],
  ['called', 'recall', 'called'],
  ['called', 'serve', 'serving'],
  ['called', 'no_show', 'no_show'],
  ['called', 'requeue', 'waiting'],
  ['called', 'transfer', 'waiting'],
  ['called', 'cancel', 'cancelled'],
  ['no_show', 'recall', 'called'],
  ['serving', 'finish', 'done'],
];

describe('ticket transitions', () => {
  for (const state of TICKET_STATES) {
    for (const action of TICKET_ACTIONS) {
      const legal = LEGAL.find(([s, a]) => s === state && a === action);
      it(`${state} —${action}→ ${legal ? legal[2] : 'refused'}`, () => {
        expect(nextState(state, action)).toBe(legal ? legal[2] : null);
      });
    }
  }

  it('no-show only from called; done and cancelled are final', () => {
    expect(TICKET_STATES.filter((s) => nextState(s, 'no_show'))).toEqual(['called']);
    for (const action of TICKET_ACTIONS) {
      expect(nextState('done', action)).toBeNull();
      expect(nextState('cancelled', action)).toBeNull();
    }
  });
});

describe('ticket numbers', () => {
  it('are the queue letter and at least three digits', () => {
    expect(ticketNumber('A', 1)).toBe('A001');
    expect(ticketNumber('B', 42)).toBe('B042');
    expect(ticketNumber('T', 1234)).toBe('T1234');
  });
});

describe('call order', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const t = (
    id: string,
    queueLetter: string,
    issuedAt: string,
    appointmentAt: string | null = null,
  ): CallCandidate => ({
    id,
    queueLetter,
    issuedAt,
    appointmentAt,
  });
  const opts = { priorities: {}, appointmentLeadMinutes: 5 };

  it('is first come, first served within equal priority', () => {
    const order = orderForCalling(
      [t('2', 'A', '2026-11-23T09:10:00Z'), t('1', 'B', '2026-11-23T09:00:00Z'), t('3', 'A', '2026-11-23T09:20:00Z')],
      now,
      opts,
    );
    expect(order.map((c) => c.id)).toEqual(['1', '2', '3']);
  });

  it('takes due appointments first (earliest booking first), but not ones booked for later', () => {
    const order = orderForCalling(
      [
        t('walk', 'A', '2026-11-23T08:00:00Z'),
        t('later', 'T', '2026-11-23T09:50:00Z', '2026-11-23T10:30:00Z'), // not due yet
        t('due2', 'T', '2026-11-23T09:55:00Z', '2026-11-23T10:04:00Z'), // within the 5-min lead
        t('due1', 'T', '2026-11-23T09:58:00Z', '2026-11-23T09:45:00Z'),
      ],
      now,
      opts,
    );
    expect(order.map((c) => c.id)).toEqual(['due1', 'due2', 'walk', 'later']);
  });

  it('lets a higher-priority queue go before an earlier arrival', () => {
    const order = orderForCalling([t('a', 'A', '2026-11-23T09:00:00Z'), t('b', 'B', '2026-11-23T09:30:00Z')], now, {
      ...opts,
      priorities: { B: 5 },
    });
    expect(order.map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('serves only the queues a counter is for, and breaks ties by id (total order)', () => {
    const same = '2026-11-23T09:00:00Z';
    const order = orderForCalling([t('y', 'A', same), t('x', 'A', same), t('z', 'B', same)], now, {
      ...opts,
      queues: ['A'],
    });
    expect(order.map((c) => c.id)).toEqual(['x', 'y']);
  });
});

describe('waiting time', () => {
  it('is first call − issued; after a no-show and recall, last call − issued', () => {
    expect(waitingSeconds('2026-11-23T09:00:00Z', '2026-11-23T09:12:30Z', '2026-11-23T09:20:00Z', false)).toBe(750);
    expect(waitingSeconds('2026-11-23T09:00:00Z', '2026-11-23T09:12:30Z', '2026-11-23T09:20:00Z', true)).toBe(1200);
  });
});
