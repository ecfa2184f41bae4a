import { isLocked, type PolicyState } from '../shared/policy';
import type { WindowRole } from '../shared/roles';
import type { HubLinkRecord } from './backend/hubLink/hubLinkFile';

/** The port a hub listens on when nobody chose one; the installer's /HUB firewall rule opens it. */
export const DEFAULT_HUB_PORT = 8443;

export interface HubServing {
  port: number;
  /** The address to listen on; every interface of the office PC unless given. */
  listen?: string;
}

/**
 * What this start of the app is. `--hub` (with `--port N`, `--listen ADDRESS`, and
 * `--data-dir` as `npm run hub` takes them): the office hub with no window. Otherwise one
 * window, whose role is, first, the role this PC is paired in with its office hub (the
 * hub lets a kiosk or display device do nothing else), then a locked policy, `--kiosk`,
 * the policy, else the counter; and a PC the policy makes the office hub serves the
 * office beside its window.
 */
export type LaunchMode =
  { kind: 'hub'; hub: HubServing } | { kind: 'window'; role: WindowRole; hub: HubServing | null };

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice(name.length + 3) : argv[i + 1];
}

function hubServing(argv: readonly string[]): HubServing {
  const raw = option(argv, 'port');
  const port = raw === undefined ? DEFAULT_HUB_PORT : Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be 1–65535, got ${raw}`);
  const listen = option(argv, 'listen');
  return listen ? { port, listen } : { port };
}

export function launchMode(
  argv: readonly string[],
  policy: PolicyState,
  link: HubLinkRecord | null | 'unreadable',
): LaunchMode {
  if (argv.includes('--hub')) return { kind: 'hub', hub: hubServing(argv) };
  const paired = link && link !== 'unreadable' ? link.role : undefined;
  const flagRole: WindowRole | undefined = argv.includes('--kiosk') ? 'kiosk' : undefined;
  const role: WindowRole =
    paired ??
    (isLocked(policy, 'windowRole')
      ? policy.policy!.windowRole!
      : (flagRole ?? policy.policy?.windowRole ?? 'counter'));
  const hub = policy.policy?.hub?.role === 'hub' ? hubServing(argv) : null;
  return { kind: 'window', role, hub };
}

/** The backend's arguments that make it serve the office as its hub (electron/backend/entry.ts). */
export function hubBackendArgs(hub: HubServing | null): string[] {
  if (!hub) return [];
  return [`--hub-port=${hub.port}`, ...(hub.listen ? [`--hub-listen=${hub.listen}`] : [])];
}
