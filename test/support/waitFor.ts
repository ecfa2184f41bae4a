/**
 * Polls `read` until `done` holds for what it returns, and returns that. For effects that
 * happen after a reply (a journal replayed, events sent); bounded by attempts, not by a
 * clock a slow machine could miss: each wait is short and the loop gives up loudly.
 */
export async function waitFor<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  attempts = 400,
  everyMs = 25,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`waitFor: still not there after ${attempts} tries; last: ${JSON.stringify(last)}`);
}
