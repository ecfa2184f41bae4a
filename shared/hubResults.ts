/** What the office hub's channels answer (hub.*, hubLink.*, tickets.handOver; decision 0008). */

/** A device paired (or waiting to pair) with this office hub. */
export interface HubDevice {
  id: string;
  name: string;
  role: 'counter' | 'kiosk' | 'display';
  createdAt: string;
  /** null while its one-time code has not been used. */
  pairedAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

/** A device just added on the hub, with the one-time code to type on it (shown once). */
export interface HubDeviceAdded {
  device: HubDevice;
  code: string;
  expiresAt: string;
  /** The hub certificate's SHA-256 fingerprint, for a supervisor who wants to compare it. */
  fingerprint: string;
}

/** Whether this installation serves as its office's hub. */
export interface HubStatus {
  serving: boolean;
  fingerprint: string | null;
  /** Raised by each takeover; devices refuse a hub below the highest they have seen. */
  epoch: number;
  /** This PC was the hub and another took over the queue: it issues nothing more. */
  steppedDown: boolean;
  /** The paired counter that mirrors the queue and may take it over. */
  standbyDeviceId: string | null;
}

/** On a paired counter: whether it stands by to take over the queue, and its copy. */
export interface HubTakeoverStatus {
  standby: boolean;
  /** When the queue was last copied from the hub. */
  mirroredAt: string | null;
  /** Tickets (today's and yesterday's) in the copy. */
  tickets: number;
  epoch: number;
  /** After a takeover: the address this PC now serves the office's queue on. */
  servingAfterTakeover: string | null;
}

/**
 * What the office hub hands a counter PC with a served ticket: the PC opens the visit in its
 * own store and writes the arrival's statistics events from then on (decision 0008).
 */
export interface ArrivalHandover {
  ticketId: string;
  officeId: string;
  /** The day the ticket was issued: the visit counts on it. */
  localDate: string;
  issuedAt: string;
  number: string;
  counterId: string;
  waitingSeconds: number;
  serviceStartedAt: string;
  /** The hub's last statistics event of this arrival (a no-show before a recall), or null. */
  supersedes: string | null;
}

/** This installation's link to an office hub (Settings and the header). */
export interface HubLinkStatus {
  /** standalone: no hub (today's behaviour); connected; unreachable since `unreachableSince`; revoked by the hub. */
  state: 'standalone' | 'connected' | 'unreachable' | 'revoked';
  address: string | null;
  role: 'counter' | 'kiosk' | 'display' | null;
  deviceName: string | null;
  fingerprint: string | null;
  unreachableSince: string | null;
  /** How the device token is kept: encrypted by the operating system or in a private file (preview). */
  secretStorage: 'safeStorage' | 'file';
  /** Hub actions this PC owes the hub (a ticket's end), waiting for it; and those it refused. */
  pendingActions: number;
  refusedActions: number;
  /** Statistics events of this PC's visits the hub has not confirmed yet. */
  pendingEvents: number;
}
