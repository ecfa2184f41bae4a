import type { TFunction } from 'i18next';
import type { SyncOfficeStatus, SyncStatus } from '../../shared/api';
import { stockholmDate, stockholmTime } from '../../shared/time';

/** A sync time as the officer reads it: 10:42 today, with the date before that (Stockholm time). */
export function syncTime(iso: string | null, now = new Date()): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  const time = stockholmTime(at);
  return stockholmDate(at) === stockholmDate(now) ? time : `${stockholmDate(at)} ${time}`;
}

/** Offline or not answering: the network, not the service, is the likely cause. */
function isOffline(status: SyncStatus): boolean {
  return status.lastError === 'offline' || status.lastError === 'timeout';
}

/** An office id as the officer reads it ("Växjö Araby"); the id itself when the registry lacks it. */
export type OfficeName = (officeId: string) => string;

/** One office's part of the status: "Växjö Araby: 5 väntar", "Tingsryd: synkad 10:42". */
export function officeSyncText(t: TFunction, o: SyncOfficeStatus, lastSuccessAt: string | null): string {
  if (o.pending > 0)
    return o.allowed === false
      ? t('sync.office.waitingNotAllowed', { count: o.pending })
      : t('sync.office.waiting', { count: o.pending });
  if (o.allowed === false) return t('sync.office.notAllowed');
  if (o.receipted > 0) return t('sync.office.receipted', { count: o.receipted });
  // An office with nothing ever sent from here is as synced as the last round that worked.
  const at = o.syncedAt ?? (o.allowed ? lastSuccessAt : null);
  return at ? t('sync.office.synced', { time: syncTime(at) }) : t('sync.office.connected');
}

/**
 * The header's one-line summary: what state sync is in, then what waits. Connected and
 * well, it speaks per office when more than one has something to say ("Tingsryd: synkad
 * 10:42 · Växjö Araby: 5 väntar"), and never says "Synkad" while any office's events wait.
 * `running` is the Settings' own "Synka nu", which the header shows before the backend says so.
 */
export function syncSummary(t: TFunction, status: SyncStatus, running: boolean, name: OfficeName): string {
  const pending = status.pending > 0 ? t('sync.header.pending', { count: status.pending }) : null;
  let head: string;
  if (status.state === 'not_enrolled') head = t('sync.header.notEnrolled');
  else if (status.state === 'revoked') head = t('sync.header.revoked');
  else if (running || status.state === 'syncing') return t('sync.header.syncing');
  else if (status.lastError) head = isOffline(status) ? t('sync.header.offline') : t('sync.header.failing');
  else {
    // The current office (listed first) and every office this device has had something to send for.
    const shown = status.offices.filter((o, i) => i === 0 || o.pending > 0 || o.receipted > 0 || o.syncedAt);
    if (status.pending === 0 && shown.length <= 1 && shown.every((o) => o.allowed !== false))
      return status.lastSuccessAt
        ? t('sync.header.synced', { time: syncTime(status.lastSuccessAt) })
        : t('sync.header.connected');
    return shown.map((o) => `${name(o.officeId)}: ${officeSyncText(t, o, status.lastSuccessAt)}`).join(' · ');
  }
  return pending ? `${head} · ${pending}` : head;
}

/** "Senast synkad 10:42", or that it never has. */
export function lastSuccessLine(t: TFunction, status: SyncStatus): string {
  return status.lastSuccessAt
    ? t('sync.header.lastSuccess', { time: syncTime(status.lastSuccessAt) })
    : t('sync.header.never');
}

/** The longer story for the header's tooltip and secondary line: last success and the last error in plain Swedish. */
export function syncDetail(t: TFunction, status: SyncStatus, name: OfficeName): string[] {
  const lines: string[] = [];
  if (status.state === 'not_enrolled') lines.push(t('sync.header.notEnrolledHint'));
  if (status.pending > 0) lines.push(t('sync.pendingLine', { count: status.pending }));
  // Each office on its own line: the header's line may be cut short when several have something to say.
  if (status.state !== 'not_enrolled' && status.offices.length > 1)
    for (const o of status.offices.filter((o, i) => i === 0 || o.pending > 0 || o.receipted > 0 || o.syncedAt))
      lines.push(`${name(o.officeId)}: ${officeSyncText(t, o, status.lastSuccessAt)}`);
  if (status.state !== 'not_enrolled') lines.push(lastSuccessLine(t, status));
  if (status.lastError) lines.push(t(`sync.error.${status.lastError}`));
  return lines;
}

/** A visual tone for the dot in the header (the text says the same in words). */
export function syncTone(status: SyncStatus): 'ok' | 'warn' | 'bad' | 'off' {
  if (status.state === 'revoked') return 'bad';
  if (status.state === 'not_enrolled') return 'off';
  if (status.lastError || status.state === 'retrying') return 'warn';
  // Events of an office the service does not trust this device for wait until someone acts.
  if (status.offices.some((o) => o.allowed === false && o.pending > 0)) return 'warn';
  return 'ok';
}
