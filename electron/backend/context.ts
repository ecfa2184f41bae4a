import { randomUUID } from 'node:crypto';
import type { Store } from '../../db/open';
import { VisitRepository } from '../../db/visits';
import type { Setup } from '../../shared/api';
import type { OfficeRegistry } from '../../shared/offices';

/** Everything a handler may touch. Built once per store; tests build their own. */
export interface BackendContext {
  store: Store;
  visits: VisitRepository;
  registry: OfficeRegistry;
  appVersion: string;
  now(): Date;
  newId(): string;
  /** The device's setup, read once and kept in step by setup.save (hot paths need it on every call). */
  setupCache: { value: Setup | null } | null;
}

export function createContext(
  store: Store,
  registry: OfficeRegistry,
  options: { appVersion: string; now?: () => Date; newId?: () => string },
): BackendContext {
  return {
    store,
    visits: new VisitRepository(store.db),
    registry,
    appVersion: options.appVersion,
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
    setupCache: null,
  };
}
