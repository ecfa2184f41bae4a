import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../renderer/api/client';
import { requestLane } from '../../../renderer/store/request';
import type { ApiError } from '../../../shared/errors';

/** A promise settled by the test, so the order of answers is chosen, not timed. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

function lane() {
  const seen = { busy: [] as boolean[], errors: [] as (ApiError | null)[] };
  const l = requestLane({ busy: (b) => seen.busy.push(b), error: (e) => seen.errors.push(e) });
  return { l, seen };
}

describe('the renderer stores’ request lane', () => {
  it('an action is busy while it runs, clears the old error, and reports a typed failure', async () => {
    const { l, seen } = lane();
    const failed = await l.request(() =>
      Promise.reject(new ApiFailure({ code: 'VISIT_OPEN', messageKey: 'errors.VISIT_OPEN' })),
    );
    expect(failed).toBeNull();
    expect(seen.busy).toEqual([true, false]);
    expect(seen.errors).toEqual([null, { code: 'VISIT_OPEN', messageKey: 'errors.VISIT_OPEN' }]);
    expect(await l.request(async () => 42)).toBe(42);
  });

  it('a pushed refresh during an action waits for it, then loads once', async () => {
    const { l } = lane();
    let loads = 0;
    const applied: number[] = [];
    const refresh = l.refresher(
      async () => ++loads,
      (v) => applied.push(v),
    );
    const action = deferred<void>();
    const running = l.request(() => action.promise);
    void refresh();
    void refresh(); // two pushes for one change
    await tick();
    expect(loads).toBe(0);
    action.resolve();
    await running;
    await tick();
    expect(loads).toBe(1);
    expect(applied).toEqual([1]);
  });

  it('an answer overtaken by an action is dropped and loaded again', async () => {
    const { l } = lane();
    const answers = [deferred<string>(), deferred<string>()];
    let call = 0;
    const applied: string[] = [];
    const refresh = l.refresher(
      () => answers[call++]!.promise,
      (v) => applied.push(v),
    );
    const first = refresh();
    await l.request(async () => 'the action'); // begins and ends while the first load is out
    answers[0]!.resolve('old news');
    await tick();
    answers[1]!.resolve('fresh');
    await first;
    await tick();
    expect(applied).toEqual(['fresh']);
  });

  it('news during a load costs one more load, not one per push', async () => {
    const { l } = lane();
    const answers = [deferred<number>(), deferred<number>()];
    let call = 0;
    const applied: number[] = [];
    const refresh = l.refresher(
      () => answers[call++]!.promise,
      (v) => applied.push(v),
    );
    const first = refresh();
    void refresh();
    void refresh();
    answers[0]!.resolve(1);
    await tick();
    answers[1]!.resolve(2);
    await first;
    expect(call).toBe(2);
    expect(applied).toEqual([1, 2]);
  });
});
