import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../db/open';
import { QueueRepository } from '../../../db/queue';
import { orderForCalling } from '../../../shared/queue';
import { tempDir } from '../../support/temp';

/** A small deterministic PRNG, so a failure can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe('call order in SQL equals the documented order (shared/queue.ts)', () => {
  for (const seed of [1, 7, 42, 1234, 99991]) {
    it(`for random queues, arrivals and bookings (seed ${seed})`, () => {
      const rand = prng(seed);
      const store = openStore(join(tempDir(), 'lucka.sqlite'));
      const repo = new QueueRepository(store.db);
      const letters = ['A', 'B', 'C', 'T'];
      const priorities: Record<string, number> = {};
      for (const letter of letters) {
        priorities[letter] = Math.floor(rand() * 3) - 1;
        repo.saveQueue('o', {
          letter,
          name: `Kö ${letter}`,
          agencies: [],
          errandKinds: [],
          priority: priorities[letter]!,
          kiosk: true,
          active: true,
        });
      }
      const base = Date.parse('2026-11-23T08:00:00Z');
      const tickets = Array.from({ length: 60 }, (_, i) => {
        const letter = letters[Math.floor(rand() * letters.length)]!;
        // Coarse times so ties happen and the id tie-break is exercised.
        const issuedAt = new Date(base + Math.floor(rand() * 10) * 60_000).toISOString();
        const appointmentAt = rand() < 0.3 ? new Date(base + Math.floor(rand() * 8) * 15 * 60_000).toISOString() : null;
        const id = `t-${String(Math.floor(rand() * 1e6)).padStart(7, '0')}-${i}`;
        repo.insertTicket({
          id,
          officeId: 'o',
          localDate: '2026-11-23',
          letter,
          seq: i + 1,
          number: `${letter}${i}`,
          source: 'kiosk',
          issuedAt,
          appointmentId: null,
          appointmentAt,
        });
        return { id, queueLetter: letter, issuedAt, appointmentAt };
      });
      const now = new Date(base + Math.floor(rand() * 120) * 60_000);
      const lead = 5;
      const expected = orderForCalling(tickets, now, { priorities, appointmentLeadMinutes: lead }).map((t) => t.id);
      const dueBefore = new Date(now.getTime() + lead * 60_000).toISOString();
      expect(repo.waitingInOrder('o', '2026-11-23', dueBefore).map((r) => r.id)).toEqual(expected);
      expect(repo.waitingInOrder('o', '2026-11-23', dueBefore, 1).map((r) => r.id)).toEqual(expected.slice(0, 1));
      expect(repo.nextToCall('o', '2026-11-23', dueBefore)?.id).toBe(expected[0]);
      // Calling one after another walks the whole documented order.
      const call = store.db.prepare("UPDATE tickets SET state = 'called' WHERE id = ?");
      const walked: string[] = [];
      for (
        let next = repo.nextToCall('o', '2026-11-23', dueBefore);
        next;
        next = repo.nextToCall('o', '2026-11-23', dueBefore)
      ) {
        walked.push(next.id);
        call.run(next.id);
      }
      expect(walked).toEqual(expected);
      store.close();
    });
  }
});
