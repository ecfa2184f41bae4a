import type { Agency, CorrectionReason, ErrandKind, Outcome, OverrideReason } from './domain';
import type { Guide, GuidePackage } from './guide';
import type { TicketState } from './queue';

/**
 * What the channels of shared/api.ts answer: the result types of the contract, kept
 * apart from the input schemas and the channel table. Plain data, no behaviour.
 */

export interface AppStatus {
  appVersion: string;
  schemaVersion: number;
  /** True when the last run did not close the database cleanly and it was checked. */
  recoveredFromUncleanShutdown: boolean;
}

export interface Setup {
  officeId: string;
  officerSignature: string;
}

/**
 * The start of a travelling officer's day (issue 18): the office must be confirmed on the
 * first start of each local day and after every switch, before the counter opens.
 */
export interface OfficeConfirmation {
  /** The office set up now; null before first-run setup. */
  officeId: string | null;
  /** The Stockholm day the officer last confirmed it. */
  confirmedOn: string | null;
  /** True when the counter must wait for the officer to confirm the office. */
  needed: boolean;
}

export interface Errand {
  id: string;
  visitId: string;
  position: number;
  agency: Agency;
  errandKind: ErrandKind;
  outcome: Outcome | null;
  createdAt: string;
  lacksEid: boolean;
  interpreter: boolean;
  /** Service language (ISO 639 code) when not Swedish. */
  language: string | null;
  /** The officer's sensitive free-text note; purged after notePurgeAfter. Never in statistics. */
  note: string | null;
  notePurgeAfter: string | null;
  /** The guide and package version the errand was walked with (`skv.id_card@3`), if any. */
  guideRef: string | null;
  /** The outcome its guide reached, when one was saved from the guide. */
  guideOutcome: Outcome | null;
  /** Why the outcome differs from the guide's (set only then). */
  outcomeReason: OverrideReason | null;
  /** Where a referral points: office ids of the registry, or `channel:<name>`. */
  referralTo: string[] | null;
}

export interface Visit {
  id: string;
  officeId: string;
  officerSignature: string;
  startedAt: string;
  /** Local day in Europe/Stockholm the visit counts on. */
  localDate: string;
  closedAt: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  counterId: string | null;
  counterName: string | null;
  waitingSeconds: number | null;
  /** How many times the visit was reopened and corrected. */
  corrections: number;
  errands: Errand[];
}

export interface VisitCorrection {
  at: string;
  officerSignature: string;
  /** Why the visit was reopened (null for corrections made before reasons were asked). */
  reason: CorrectionReason | null;
  /** The visit as it was before the reopen (notes left out). */
  before: Visit;
}

export interface QueueConfig {
  letter: string;
  name: string;
  agencies: Agency[];
  errandKinds: ErrandKind[];
  priority: number;
  kiosk: boolean;
  active: boolean;
}

export interface Counter {
  id: string;
  name: string;
  officerSignature: string | null;
  openedAt: string | null;
}

export interface Ticket {
  id: string;
  number: string;
  queueLetter: string;
  state: TicketState;
  source: 'officer' | 'kiosk' | 'appointment';
  issuedAt: string;
  localDate: string;
  appointmentAt: string | null;
  counterId: string | null;
  officerSignature: string | null;
  firstCalledAt: string | null;
  lastCalledAt: string | null;
  callCount: number;
  serviceStartedAt: string | null;
  endedAt: string | null;
}

export interface Appointment {
  id: string;
  queueLetter: string;
  reference: string;
  scheduledAt: string;
  localDate: string;
  agency: Agency | null;
  errandKind: ErrandKind | null;
  ticketId: string | null;
  cancelledAt: string | null;
}

export interface TicketEvent {
  action: string;
  fromState: string | null;
  toState: string;
  queueLetter: string;
  counterId: string | null;
  at: string;
}

export interface CalledNumber {
  number: string;
  counterName: string;
  calledAt: string;
}

export interface QueueSnapshot {
  localDate: string;
  queues: (QueueConfig & { waiting: number; longestWaitSeconds: number | null })[];
  /** Waiting tickets in the order "call next" would take them. */
  waiting: Ticket[];
  /**
   * Yesterday's tickets still waiting, issued in the last hours (a queue that ran past
   * midnight): shown apart and callable by hand; "call next" takes only today's. Served,
   * they count on their own day. Older ones are left to the end-of-day report as never served.
   */
  carriedOver: Ticket[];
  /** Called or being served, with their counters. */
  active: Ticket[];
  noShows: Ticket[];
  counters: Counter[];
  recentCalls: CalledNumber[];
  appointments: Appointment[];
}

/** What the ticket kiosk shows: the walk-in queues, nothing else. */
export interface KioskQueue {
  letter: string;
  name: string;
  /** Tickets waiting in it now. */
  waiting: number;
}

export interface DisplaySnapshot {
  recentCalls: CalledNumber[];
  queues: { letter: string; name: string; waiting: number }[];
}

/** A guide in the catalogue of installed packages (for "just looking something up"). */
export interface GuideCatalogEntry {
  errandKind: ErrandKind;
  agency: Agency;
  version: number;
  /** The day every claim of the guide was last checked against its sources; null while any is unverified. */
  verifiedOn: string | null;
  title: { sv: string; en?: string };
}

/** Everything the guide view needs to walk one guide offline: the guide and its package's texts and references. */
export interface GuideBundle {
  packageId: GuidePackage['id'];
  version: number;
  validFrom: string;
  contentHash: string;
  guideRef: string;
  guide: Guide;
  /** As in the catalogue: null while any claim of the guide is unverified. */
  verifiedOn: string | null;
  documents: GuidePackage['documents'];
  fees: GuidePackage['fees'];
  links: GuidePackage['links'];
  texts: GuidePackage['texts'];
}

export interface InstalledGuidePackage {
  id: string;
  version: number;
  validFrom: string;
  contentHash: string;
  state: 'active' | 'previous';
  source: 'shipped' | 'imported';
}

export type GuideImportResult = { status: 'installed' | 'already_installed'; id: string; version: number };

export interface SupervisorStatus {
  officeId: string;
  /** False until someone sets the office's passphrase on this device. */
  configured: boolean;
  /** Set while the office is locked after too many wrong passphrases. */
  lockedUntil: string | null;
  attemptsLeft: number;
}

/** Proof of a supervisor login for one office; held by the renderer in memory only. */
export interface SupervisorSession {
  token: string;
  officeId: string;
  expiresAt: string;
}

/**
 * A supervisor's export, made off the request path (issue 12): its progress while it
 * runs, and once done the key that fetches its file once (a download in the preview,
 * Electron's save dialog in the app).
 */
export interface StatsJob {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** Rows done of rows total (visit rows for raw rows, else days aggregated); total is null until known. */
  done: number;
  total: number | null;
  fileName: string;
  mimeType: string;
  /** The file's size once written. */
  bytes: number | null;
  /** Fetches the finished file, once; null while running and after it was fetched. */
  downloadKey: string | null;
}

export interface TodayLog {
  localDate: string;
  visits: Visit[];
}

/** Why the last sync attempt failed, as a code the UI explains in plain Swedish. */
export const SYNC_ERROR_CODES = [
  'offline',
  'timeout',
  'server_error',
  'unavailable',
  'rate_limited',
  'revoked',
  'unauthorized',
  'forbidden_office',
  'too_large',
  'rejected',
  'refused',
  'secret_unavailable',
  'local_error',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/** What the header and Settings show about the central statistics service. */
export interface SyncStatus {
  /** not_enrolled: no service set up; idle: up to date or waiting for the next round; revoked: the service refused the token. */
  state: 'not_enrolled' | 'idle' | 'syncing' | 'retrying' | 'revoked';
  /** Whether the last contact with the service worked; null before the first. */
  online: boolean | null;
  serverUrl: string | null;
  officeId: string | null;
  deviceId: string | null;
  /** Events of every office still waiting: not confirmed by the service, nor acknowledged by an import receipt. */
  pending: number;
  /** Per office (a travelling device works at several): the current office first, then by id. */
  offices: SyncOfficeStatus[];
  /** The offices the service trusts this device for; empty before enrollment. */
  officeIds: string[];
  /** Events the service holds with other content: never sent again (a fault to report). */
  rejected: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: SyncErrorCode | null;
  lastErrorAt: string | null;
  nextAttemptAt: string | null;
  /** Set when the device clock was more than five minutes off at the last upload (seconds, + = ahead). */
  clockSkewSeconds: number | null;
  /** Fingerprint of the key that signs offline statistics files (the admin checks it on import). */
  keyFingerprint: string | null;
  /** How the token is kept: encrypted by the operating system (Electron) or in a private file (preview). */
  secretStorage: 'safeStorage' | 'file';
}

/** One office's part of the sync status ("Tingsryd: synkad 10:42 · Växjö Araby: 5 väntar"). */
export interface SyncOfficeStatus {
  officeId: string;
  /** Events waiting. */
  pending: number;
  /** Acknowledged by an import receipt: not waiting, confirmed by the service at the next sync. */
  receipted: number;
  /** Whether the service trusts the device for this office; null before enrollment. */
  allowed: boolean | null;
  /** When a round last left none of its events unsent. */
  syncedAt: string | null;
}

/** What an import receipt did on this device. */
export interface ReceiptResult {
  /** Events of the receipt this device still listed as waiting: no longer. */
  acknowledged: number;
  /** The receipt's table, per office: new vs already held at the service. */
  offices: { officeId: string; events: number; new: number; alreadyHeld: number }[];
}

/** An offline statistics file, ready to save. */
export interface StatsBundleFile {
  fileName: string;
  mimeType: string;
  base64: string;
  bytes: number;
  events: number;
  /** The offices whose events it holds (also in its name and, signed, in its content). */
  offices: string[];
  keyFingerprint: string;
}

// The office hub's results (decision 0008) live beside these; imported from here like the rest.
export * from './hubResults';
