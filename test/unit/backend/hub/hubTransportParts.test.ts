import { describe, expect, it, vi } from 'vitest';
import { coalesceChanges } from '../../../../electron/backend/hub/changeCoalescer';
import { recentDevices } from '../../../../electron/backend/hub/recentDevices';
import type { HostEvent, HubDevice } from '../../../../shared/api';
import { AppError } from '../../../../shared/errors';

const tick = () => new Promise((r) => setImmediate(r));

describe("the hub's change notices per device stream (hub/changeCoalescer.ts)", () => {
  it('sends the first notice on the next turn, merges those within the window into one, and passes other events at once', async () => {
    let clock = 1000;
    const sent: HostEvent[] = [];
    const stream = coalesceChanges((e) => sent.push(e), { windowMs: 20, now: () => clock });
    stream.push({ type: 'changed', topics: ['queue'] });
    stream.push({ type: 'changed', topics: ['queue', 'visits'] });
    expect(sent).toEqual([]); // not inside the request that caused it
    await tick();
    expect(sent).toEqual([{ type: 'changed', topics: ['queue', 'visits'] }]);

    // Within the window: held, merged, sent when the window ends.
    clock += 5;
    stream.push({ type: 'changed', topics: ['queue'] });
    clock += 5;
    stream.push({ type: 'changed', topics: ['sync'] });
    stream.push({ type: 'backend', state: 'ready' });
    await tick();
    expect(sent.slice(1)).toEqual([{ type: 'backend', state: 'ready' }]);
    await vi.waitFor(() => expect(sent.slice(2)).toEqual([{ type: 'changed', topics: ['queue', 'sync'] }]));

    // After a quiet spell the next one goes at once again; close() drops what waits.
    clock += 100;
    stream.push({ type: 'changed', topics: ['setup'] });
    stream.close();
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toHaveLength(3);
  });

  it('on real timers a burst of notices arrives as one, at most a window later', async () => {
    const sent: { at: number; event: HostEvent }[] = [];
    const stream = coalesceChanges((event) => sent.push({ at: performance.now(), event }), { windowMs: 20 });
    stream.push({ type: 'changed', topics: ['queue'] });
    await tick();
    for (let i = 0; i < 50; i++) stream.push({ type: 'changed', topics: ['queue'] });
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent.map((s) => s.event)).toEqual([
      { type: 'changed', topics: ['queue'] },
      { type: 'changed', topics: ['queue'] },
    ]);
  });
});

describe('who a token belonged to a moment ago (hub/recentDevices.ts)', () => {
  const device: HubDevice = {
    id: 'd1',
    name: 'Lucka 1',
    role: 'counter',
    createdAt: '2026-12-01T08:00:00.000Z',
    pairedAt: '2026-12-01T08:01:00.000Z',
    lastSeenAt: null,
    revokedAt: null,
  };

  it('asks the store once a second per token, never keeps a refusal, and forgets everything on a revocation', () => {
    let clock = 0;
    let revoked = false;
    const check = vi.fn((token: string) => {
      if (token !== 'good' || revoked) throw new AppError('HUB_DEVICE_REVOKED');
      return device;
    });
    const known = recentDevices(check, { keepMs: 1000, now: () => clock });
    expect(known.authenticate('good')).toBe(device);
    clock = 999;
    expect(known.authenticate('good')).toBe(device);
    expect(check).toHaveBeenCalledTimes(1);
    clock = 1000;
    known.authenticate('good');
    expect(check).toHaveBeenCalledTimes(2);

    expect(() => known.authenticate('bad')).toThrow(AppError);
    expect(() => known.authenticate('bad')).toThrow(AppError);
    expect(check).toHaveBeenCalledTimes(4);

    // The hub revokes the device: its very next request is refused.
    revoked = true;
    known.forget();
    expect(() => known.authenticate('good')).toThrow(AppError);
  });
});
