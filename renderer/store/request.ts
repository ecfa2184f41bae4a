import type { ApiError } from '../../shared/errors';
import { toApiError } from '../api/client';

/** Where a lane reports: busy while any request of it runs, and the last typed error (cleared by the next request). */
export interface LaneHooks {
  busy(busy: boolean): void;
  error(error: ApiError | null): void;
  /** Extra handling of a failure (an expired session, a store that went away). */
  failed?(error: ApiError): void;
}

export interface RequestLane {
  /** One backend action: busy on, error cleared; the answer, or null with the typed error reported. */
  request<T>(fn: () => Promise<T>): Promise<T | null>;
  /**
   * A refresh driven by pushed events. One load in flight at a time, one more if news came
   * meanwhile; while an action of this lane runs it waits for the action to end (the push
   * often arrives before the action's own answer), and an answer that an action overtook is
   * dropped and loaded again. So each change costs one refresh, and no old answer wins.
   */
  refresher<T>(
    load: () => Promise<T>,
    apply: (value: T) => void,
    onError?: (error: ApiError) => void,
  ): () => Promise<void>;
  /** Whether an action of this lane is under way (shortcuts wait for it). */
  isBusy(): boolean;
}

/**
 * The one request helper of the renderer stores. Each store (or group of stores sharing one
 * busy flag and one message area, like the counter's session, queue and guide) makes a lane.
 */
export function requestLane(hooks: LaneHooks): RequestLane {
  let running = 0;
  /** Bumped by every action: a refresh begun before it carries older news than the action's answer. */
  let generation = 0;
  const afterActions = new Set<() => Promise<void>>();

  async function request<T>(fn: () => Promise<T>): Promise<T | null> {
    running++;
    generation++;
    hooks.busy(true);
    hooks.error(null);
    try {
      return await fn();
    } catch (err) {
      const error = toApiError(err);
      hooks.error(error);
      hooks.failed?.(error);
      return null;
    } finally {
      running--;
      if (running === 0) {
        hooks.busy(false);
        const waiting = [...afterActions];
        afterActions.clear();
        for (const refresh of waiting) void refresh();
      }
    }
  }

  function refresher<T>(load: () => Promise<T>, apply: (value: T) => void, onError?: (error: ApiError) => void) {
    let inFlight: Promise<void> | null = null;
    let again = false;
    const run = (): Promise<void> => {
      if (running > 0) {
        afterActions.add(run);
        return Promise.resolve();
      }
      if (inFlight) {
        again = true;
        return inFlight;
      }
      inFlight = (async () => {
        try {
          do {
            again = false;
            const started = generation;
            const value = await load();
            if (running > 0) {
              afterActions.add(run);
              return;
            }
            if (started === generation) apply(value);
            else again = true;
          } while (again);
        } catch (err) {
          onError?.(toApiError(err));
        } finally {
          inFlight = null;
        }
      })();
      return inFlight;
    };
    return run;
  }

  return { request, refresher, isBusy: () => running > 0 };
}
