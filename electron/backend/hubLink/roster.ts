import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:https';
import { join } from 'node:path';
import type { z } from 'zod';
import { EPOCH_HEADER, Roster, TAKEOVER_PATHS } from '../hub/takeoverWire';
import { pinnedAgent, requestJson } from './hubClient';

/**
 * What a paired device knows of its office's hubs beyond the one it paired with
 * (<dataDir>/hub-roster.json): the highest hub epoch it has seen, and the standby PC that
 * would take over, with the certificate it will show. The roster comes from the hub the
 * device already trusts (over the pinned connection), so a standby that took over is
 * trusted without re-pairing; a hub with a lower epoch than this is never used again.
 */
const RosterFile = Roster.omit({ steppedDown: true });
export type KnownRoster = z.infer<typeof RosterFile>;

const fileOf = (dataDir: string) => join(dataDir, 'hub-roster.json');

export function readRoster(dataDir: string): KnownRoster {
  const none: KnownRoster = { epoch: 1, standbyDeviceId: null, standby: null };
  if (!existsSync(fileOf(dataDir))) return none;
  try {
    const parsed = RosterFile.safeParse(JSON.parse(readFileSync(fileOf(dataDir), 'utf8')));
    return parsed.success ? parsed.data : none;
  } catch {
    return none;
  }
}

export function writeRoster(dataDir: string, roster: KnownRoster): void {
  const file = fileOf(dataDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(roster, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function removeRoster(dataDir: string): void {
  rmSync(fileOf(dataDir), { force: true });
}

/** GET of the roster at a hub over a pinned agent; null when it does not answer a roster. */
export async function fetchRoster(
  agent: Agent,
  target: { host: string; port: number },
  token: string,
  epoch: number,
  timeoutMs: number,
): Promise<Roster | null> {
  const answer = await requestJson(
    agent,
    { host: target.host, port: target.port, path: TAKEOVER_PATHS.roster },
    'GET',
    undefined,
    { authorization: `Bearer ${token}`, [EPOCH_HEADER]: String(epoch) },
    timeoutMs,
  );
  if (answer.status !== 200) return null;
  const parsed = Roster.safeParse(answer.body);
  return parsed.success ? parsed.data : null;
}

/**
 * Asks the roster's standby whether it has taken over: its roster, over a connection
 * pinned to the certificate the old hub vouched for, with this device's token (which the
 * standby mirrored). A newer epoch there, not stepped down, is the hub to follow.
 */
export async function probeSuccessor(known: KnownRoster, token: string, timeoutMs: number): Promise<Roster | null> {
  const standby = known.standby;
  if (!standby) return null;
  const agent = pinnedAgent({ certPem: standby.certPem, fingerprint: standby.fingerprint });
  try {
    const roster = await fetchRoster(agent, standby, token, known.epoch, timeoutMs);
    return roster && roster.epoch > known.epoch && !roster.steppedDown ? roster : null;
  } catch {
    return null;
  } finally {
    agent.destroy();
  }
}
