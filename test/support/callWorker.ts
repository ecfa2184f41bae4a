/**
 * A second process for the concurrency test: opens the same store file, and as fast as
 * it can calls the next ticket at its counter and marks it a no-show (freeing the
 * counter), until the queue is empty. Prints the numbers it called, as JSON.
 */
import { bootBackend } from '../../electron/backend/boot';

async function main() {
  const [dataDir, counterId, startAt] = process.argv.slice(2);
  const backend = bootBackend({ dataDir: dataDir!, appVersion: 'worker' });
  // Both processes start calling at the same instant.
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
  const called: string[] = [];
  let id = 1;
  for (;;) {
    const reply = await backend.host.handle({ id: id++, channel: 'tickets.callNext', input: { counterId } });
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    const ticket = reply.result as { id: string; number: string } | null;
    if (!ticket) break;
    called.push(ticket.number);
    const done = await backend.host.handle({
      id: id++,
      channel: 'tickets.noShow',
      input: { counterId, ticketId: ticket.id },
    });
    if (!done.ok) throw new Error(JSON.stringify(done.error));
    // An officer's pace, not a tight loop: gives the other process a chance at the lock.
    await new Promise((r) => setTimeout(r, 5));
  }
  backend.close();
  process.stdout.write(JSON.stringify(called));
}

void main().catch((err) => {
  process.stderr.write(String(err));
  process.exit(1);
});
