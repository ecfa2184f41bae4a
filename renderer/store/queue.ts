import { create } from 'zustand';
import type { DisplaySnapshot, KioskQueue, QueueSnapshot, Ticket } from '../../shared/api';
import { call, toApiError } from '../api/client';
import { counterLane, useSession } from './session';

const COUNTER_KEY = 'lucka.counterId';

interface QueueState {
  snapshot: QueueSnapshot | null;
  display: DisplaySnapshot | null;
  kioskQueues: KioskQueue[];
  /** The counter this window works at (remembered per device). */
  counterId: string | null;
  /** The number just issued at the kiosk, shown large. */
  issued: Ticket | null;
  /** How many were waiting in its queue when it was issued (the kiosk's "ahead of you"). */
  issuedAhead: number | null;

  refresh(): Promise<void>;
  refreshDisplay(): Promise<void>;
  refreshKiosk(): Promise<void>;
  chooseCounter(counterId: string): Promise<void>;
  closeCounter(): Promise<void>;
  issue(queueLetter: string, source: 'officer' | 'kiosk'): Promise<Ticket | null>;
  checkIn(reference: string): Promise<Ticket | null>;
  /** Whether a ticket was called (false: nobody waiting, or refused). */
  callNext(): Promise<boolean>;
  callTicket(ticketId: string): Promise<void>;
  recall(ticketId: string): Promise<void>;
  noShow(): Promise<void>;
  requeue(): Promise<void>;
  serve(): Promise<void>;
  transfer(ticketId: string, queueLetter: string): Promise<void>;
  cancel(ticketId: string): Promise<void>;
  clearIssued(): void;
}

/** The ticket this window's counter holds (called or being served), if any. */
export function myTicket(s: Pick<QueueState, 'snapshot' | 'counterId'>): Ticket | null {
  return s.snapshot?.active.find((t) => t.counterId === s.counterId) ?? null;
}

/**
 * The visitor queue as this window sees it. Requests run in the counter's lane (one busy
 * flag, one message area). Every window, this one included, reloads its snapshot once per
 * pushed 'queue' change; an action never refetches on its own.
 */
export const useQueue = create<QueueState>()((set, get) => {
  const run = counterLane.request;
  /** The counter's snapshot, once per pushed 'queue' change (and once at start). */
  const loadSnapshot = counterLane.refresher(
    () => call('queue.snapshot', {}),
    (snapshot) => {
      const mine = snapshot.counters.find((c) => c.id === get().counterId);
      const officer = useSession.getState().setup?.officerSignature;
      // User Timing: how long the counter view takes to show a new snapshot (npm run bench).
      performance.mark('lucka:snapshot');
      // Forget a counter that is no longer ours (closed elsewhere, or another office).
      set({ snapshot, counterId: mine && mine.officerSignature === officer ? mine.id : null });
    },
    (error) => useSession.getState().setError(error),
  );
  const atCounter = () => {
    const counterId = get().counterId;
    if (!counterId) throw new Error('no counter');
    return counterId;
  };
  const held = () => myTicket(get());

  return {
    snapshot: null,
    display: null,
    kioskQueues: [],
    counterId: globalThis.localStorage?.getItem(COUNTER_KEY) ?? null,
    issued: null,
    issuedAhead: null,

    refresh: loadSnapshot,

    async refreshDisplay() {
      try {
        set({ display: await call('queue.display', {}) });
      } catch {
        // The display keeps showing what it had; the banner tells about the backend.
      }
    },

    async refreshKiosk() {
      try {
        set({ kioskQueues: await call('queue.kiosk', {}) });
      } catch (err) {
        useSession.getState().setError(toApiError(err));
      }
    },

    chooseCounter: async (counterId) => {
      await run(async () => {
        await call('counters.open', { counterId });
        globalThis.localStorage?.setItem(COUNTER_KEY, counterId);
        set({ counterId });
      });
    },

    closeCounter: async () => {
      await run(async () => {
        await call('counters.close', { counterId: atCounter() });
        globalThis.localStorage?.removeItem(COUNTER_KEY);
        set({ counterId: null });
      });
    },

    issue: (queueLetter, source) =>
      run(async () => {
        const ahead = get().kioskQueues.find((x) => x.letter === queueLetter)?.waiting ?? null;
        const ticket = await call('tickets.issue', { queueLetter, source });
        set({ issued: ticket, issuedAhead: ahead });
        return ticket;
      }),

    // At the kiosk (no snapshot there) and at the counter alike; the counter refreshes on the pushed change.
    checkIn: (reference) =>
      run(async () => {
        const ticket = await call('appointments.checkIn', { reference });
        set({ issued: ticket, issuedAhead: null });
        return ticket;
      }),

    callNext: async () => {
      const ticket = await run(() => call('tickets.callNext', { counterId: atCounter() }));
      return ticket !== null;
    },
    callTicket: async (ticketId) => {
      await run(() => call('tickets.call', { counterId: atCounter(), ticketId }));
    },
    recall: async (ticketId) => {
      await run(() => call('tickets.recall', { counterId: atCounter(), ticketId }));
    },
    noShow: async () => {
      const t = held();
      if (t) await run(() => call('tickets.noShow', { counterId: atCounter(), ticketId: t.id }));
    },
    requeue: async () => {
      const t = held();
      if (t) await run(() => call('tickets.requeue', { counterId: atCounter(), ticketId: t.id }));
    },
    serve: async () => {
      const t = held();
      if (!t) return;
      const visit = await run(() => call('tickets.serve', { counterId: atCounter(), ticketId: t.id }));
      if (visit) useSession.getState().showVisit(visit);
    },
    transfer: async (ticketId, queueLetter) => {
      await run(() => call('tickets.transfer', { ticketId, queueLetter }));
    },
    cancel: async (ticketId) => {
      await run(() => call('tickets.cancel', { ticketId }));
    },
    clearIssued: () => set({ issued: null, issuedAhead: null }),
  };
});
