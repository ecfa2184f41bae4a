// The load generator of the `sync-ingest` benchmark (test/bench/syncIngest.bench.ts), run as
// a second Node process (child_process.fork) so that making and timing requests does not
// share the service's event loop. Plain .mjs: it runs as is from the bundled bench.
//
// Each message from the parent is one phase; the answer is its per-request latencies (ms),
// status counts, the events the service confirmed and the phase's wall time.
//   { phase: 'health', url, concurrency, requests }          GET /v1/health, `requests` per loop
//   { phase: 'upload', url, devices: [{ token, officeId }], batches, eventsPerBatch, deadlineMs, templates }
//     one loop per device, each POSTing up to `batches` batches of fresh events, until the deadline
import { randomUUID } from 'node:crypto';

const REQUEST_TIMEOUT_MS = 15_000;

async function timed(url, init, out) {
  const t0 = performance.now();
  let status = 'network';
  let body = '';
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    body = await res.text();
    status = String(res.status);
  } catch (err) {
    status = err?.name === 'TimeoutError' ? 'timeout' : 'network';
  }
  out.latencies.push(performance.now() - t0);
  out.statuses[status] = (out.statuses[status] ?? 0) + 1;
  return { status, body };
}

async function health(msg) {
  const out = { latencies: [], statuses: {}, events: 0 };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: msg.concurrency }, async () => {
      for (let i = 0; i < msg.requests; i++) await timed(`${msg.url}/v1/health`, {}, out);
    }),
  );
  return { ...out, wallMs: performance.now() - t0 };
}

async function upload(msg) {
  const out = { latencies: [], statuses: {}, events: 0 };
  const t0 = performance.now();
  const deadline = t0 + msg.deadlineMs;
  let next = 0;
  const template = () => msg.templates[next++ % msg.templates.length];
  await Promise.all(
    msg.devices.map(async (device) => {
      const headers = { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' };
      for (let b = 0; b < msg.batches && performance.now() < deadline; b++) {
        const events = Array.from({ length: msg.eventsPerBatch }, () => ({
          ...template(),
          id: randomUUID(),
          officeId: device.officeId,
        }));
        const body = JSON.stringify({ sentAt: new Date().toISOString(), events });
        const reply = await timed(`${msg.url}/v1/events`, { method: 'POST', headers, body }, out);
        if (reply.status === '200') out.events += JSON.parse(reply.body).stored.length;
      }
    }),
  );
  return { ...out, wallMs: performance.now() - t0 };
}

process.on('message', (msg) => {
  if (msg?.phase === 'exit') process.exit(0);
  const run = msg?.phase === 'health' ? health : upload;
  run(msg).then(
    (result) => process.send({ ok: true, result }),
    (err) => process.send({ ok: false, error: String(err?.stack ?? err) }),
  );
});
// The parent going away ends the load too.
process.on('disconnect', () => process.exit(0));
