import type { HubStateRepository } from '../../../db/hubState';
import { AppError } from '../../../shared/errors';

/**
 * Ticket numbers are reserved in blocks of this size per letter and day. The hub keeps at
 * least half a block acknowledged ahead, so a kiosk rarely waits; a takeover skips fewer
 * than a block and a half per letter (and never reissues one).
 */
export const BLOCK_SIZE = 20;
/**
 * How long an issue waits for the standby to acknowledge a block before saying why it
 * cannot: a standby on the LAN answers in milliseconds, and the device's own time limit
 * (4 s a try) must not run out first.
 */
export const ACK_WAIT_MS = 1500;

/**
 * Which ticket numbers this installation may issue (decision 0008, "Taking over a dead
 * hub"). On its own or as a hub without a standby: any, from above a takeover's floor. As
 * a hub with a standby: only numbers in blocks the standby acknowledged having stored, so
 * a takeover there can start after the highest block it knows. After stepping down: none.
 */
export class NumberBlocks {
  private readonly waiting = new Set<() => void>();
  /** Asks the standby to pull now (the hub publishes a change notice); set by the hub's server. */
  wake: () => void = () => {};

  constructor(
    private readonly repo: HubStateRepository,
    private readonly write: <T>(fn: () => T) => T,
  ) {}

  /**
   * Inside the issuing transaction: the sequence number to issue, given the store's next
   * one. Refuses (changing nothing) when this hub stepped down or the number is not yet in
   * an acknowledged block.
   */
  take(officeId: string, localDate: string, letter: string, next: number): number {
    const state = this.repo.state();
    if (state.steppedDownAt) throw new AppError('HUB_STEPPED_DOWN');
    const block = this.repo.block(officeId, localDate, letter);
    const seq = Math.max(next, (block?.floor ?? 0) + 1);
    if (state.standbyDeviceId && seq > (block?.acknowledged ?? 0))
      throw new AppError('HUB_STANDBY_BEHIND', [{ path: 'queueLetter', issue: 'numbers_not_acknowledged' }]);
    return seq;
  }

  /**
   * The reservations the standby should store next: for each letter, up to a block boundary
   * at least half a block beyond the highest number issued (or skipped), whenever less than
   * half a block is left. Runs when the standby pulls; writes only when a block is due.
   */
  reserveAhead(
    officeId: string,
    localDate: string,
    letters: readonly string[],
    issued: (letter: string) => number,
  ): void {
    const wanted: { letter: string; upTo: number }[] = [];
    for (const letter of letters) {
      const block = this.repo.block(officeId, localDate, letter);
      const used = Math.max(issued(letter), block?.floor ?? 0);
      if ((block?.reserved ?? 0) - used >= BLOCK_SIZE / 2) continue;
      // To the next block boundary that leaves at least half a block: what a takeover skips stays small.
      wanted.push({ letter, upTo: Math.ceil((used + BLOCK_SIZE / 2) / BLOCK_SIZE) * BLOCK_SIZE });
    }
    if (wanted.length === 0) return;
    this.write(() => {
      for (const w of wanted) this.repo.reserve(officeId, localDate, w.letter, w.upTo);
    });
  }

  /** The standby stored these reservations: issuing may go up to them. */
  acknowledge(blocks: readonly { officeId: string; localDate: string; letter: string; reserved: number }[]): void {
    const raising = blocks.filter((b) => {
      const now = this.repo.block(b.officeId, b.localDate, b.letter);
      return now !== undefined && Math.min(now.reserved, b.reserved) > now.acknowledged;
    });
    if (raising.length === 0) return;
    this.write(() => {
      for (const b of raising) this.repo.acknowledge(b.officeId, b.localDate, b.letter, b.reserved);
    });
    for (const resolve of [...this.waiting]) resolve();
  }

  /**
   * Before an issue through the hub: waits (up to ACK_WAIT_MS) until the standby has
   * acknowledged a number for `letter` today, waking it if need be. Never throws: the
   * issue itself refuses with HUB_STANDBY_BEHIND if the wait was in vain.
   */
  async ready(officeId: string, localDate: string, letter: string, next: number): Promise<void> {
    const ok = () => {
      const state = this.repo.state();
      if (!state.standbyDeviceId || state.steppedDownAt) return true;
      const block = this.repo.block(officeId, localDate, letter);
      return Math.max(next, (block?.floor ?? 0) + 1) <= (block?.acknowledged ?? 0);
    };
    if (ok()) return;
    const deadline = Date.now() + ACK_WAIT_MS;
    while (!ok() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(1, deadline - Date.now()));
        this.waiting.add(done);
        this.wake();
      });
    }
  }
}
