import { useSyncExternalStore } from 'react';

/** How often waits on screen move on: they show whole minutes, so a quarter minute is plenty. */
const TICK_MS = 15_000;

/**
 * One clock for the whole window: every wait on screen (the queue's rows, its per-queue
 * longest wait, the visit's header) is computed from the same instant, so they never
 * disagree, and one timer runs however many rows there are.
 */
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The window's shared current time (ms), re-read every tick; no backend polling. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
