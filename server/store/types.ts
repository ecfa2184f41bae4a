import type { StatsEvent } from '../../shared/sync';

/**
 * The one storage interface of the central service (docs/sync.md). SQLite (one command to
 * start) and PostgreSQL (the national deployment) implement it; the HTTP layer and the admin
 * CLI see only this. Every method may reject with StoreUnavailableError (database busy,
 * locked or down), which the API answers with 503 and Retry-After, never 500.
 */

export type StoreKind = 'sqlite' | 'postgres';
export type EventSource = 'upload' | 'bundle';
/** Where the data is, so a report worker can open its own read-only connection. */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface InsertEventsInput {
  /** The uploading device; null for a bundle signed by a key trusted on the command line. */
  deviceId: string | null;
  source: EventSource;
  events: readonly StatsEvent[];
  /** Server receipt time (ISO), stored with every newly inserted event. */
  receivedAt: string;
  /** Device clock − server clock, seconds; |skew| over CLOCK_SKEW_FLAG_SECONDS is flagged. */
  clockSkewSeconds: number;
  /** Implausible events (id → why): stored, but quarantined: held for the admin's review, not counted. */
  quarantine?: ReadonlyMap<string, string>;
  /** The uploading device's quota for the server day: QuotaExceededError (nothing stored) when the new events would pass it. */
  quota?: { day: string; max: number };
}

export interface InsertEventsResult {
  /** Every id of the input the store now holds with the same content (new or already had; quarantined included). */
  stored: string[];
  /** Of `stored`, the ids this call stored for the first time (the rest were already held). */
  added: string[];
  /** Ids already held with different content: nothing was changed for them. */
  conflicts: string[];
  /** Ids of this input newly stored in quarantine. */
  quarantined: string[];
}

/** Which stored events an admin command means: a device or an office (at least one), and local dates. */
export interface EventFilter {
  deviceId?: string | undefined;
  officeId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** A stored event as the admin sees it. */
export interface HeldEvent extends StatsEvent {
  deviceId: string | null;
  receivedAt: string;
  quarantined: boolean;
  voidedAt: string | null;
}

export interface QuarantinedEvent extends HeldEvent {
  reason: string;
  quarantinedAt: string;
}

export interface AuditInput {
  at: string;
  action: 'void' | 'restore' | 'release';
  /** What the admin asked for, as JSON (filter or event id). */
  filter: string;
  reason: string | null;
}
export interface AuditEntry extends AuditInput {
  id: number;
  affected: number;
}

/** publishGuide's answer: stored now, already there byte for byte, or that version exists with other content (refused). */
export type PublishOutcome = 'published' | 'unchanged' | 'refused';

export interface Device {
  id: string;
  /** The first office of its set: the one it was enrolled for. */
  officeId: string;
  /** Every office it may report for (a travelling device: several); the admin may change them. */
  officeIds: string[];
  name: string;
  publicKeyPem: string;
  keyFingerprint: string;
  createdAt: string;
  revokedAt: string | null;
  /** The device that took its place when the same computer enrolled again. */
  replacedBy: string | null;
}

/** What enrollDevice answers: the new device (and the earlier ones of its key it made inactive), or why not. */
export type EnrollOutcome =
  { device: Device; replaced: string[] } | { otherOffice: string[] } | { keyTaken: true } | null;

export interface EnrollDeviceInput {
  /** sha256 (hex) of the normalised enrollment code. */
  codeHash: string;
  now: string;
  deviceId: string;
  name: string;
  tokenHash: string;
  publicKeyPem: string;
  keyFingerprint: string;
  /** When given, a code whose offices do not include it is not used (the answer names the code's offices). */
  officeId?: string | undefined;
  /**
   * The device proved it holds the key (enrollProofText signed): an active device with this
   * key is the same computer enrolled before, made inactive (replaced) instead of refusing.
   */
  replaceSameKey: boolean;
}

export interface AnalystToken {
  id: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface PublishedGuide {
  packageId: string;
  version: number;
  /** The package's content hash, as `sha256:<hex>`. */
  hash: string;
  /** The signed package file, served byte for byte as published. */
  text: string;
  publishedAt: string;
}
export type GuideMeta = Omit<PublishedGuide, 'text'>;

export interface PublishedRegistry {
  /** sha256 hex of the text: the ETag. */
  hash: string;
  text: string;
  publishedAt: string;
}

export interface ServerStore {
  readonly kind: StoreKind;
  readonly location: StoreLocation;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;

  /** Idempotent by event id (insert, on conflict nothing); compares content hashes of ids already held. */
  insertEvents(input: InsertEventsInput): Promise<InsertEventsResult>;
  /** Events of the office on local dates from..to (inclusive) that no stored event of the office supersedes. */
  currentEvents(officeId: string, from: string, to: string): Promise<StatsEvent[]>;
  /** Offices that have events on local dates from..to (inclusive), in id order: the national table's rows. */
  officesWithEvents(from: string, to: string): Promise<string[]>;
  /** Counts of stored events with a flagged clock skew (for the admin and tests). */
  countEvents(): Promise<{ total: number; skewFlagged: number }>;
  /** Stored events matching the filter (quarantined and voided included), oldest local date first, at most `limit`. */
  listEvents(filter: EventFilter, limit: number): Promise<HeldEvent[]>;
  /**
   * Voids (voidedAt set) or restores (null) the matching events not already so, and writes the
   * audit entry in the same transaction; returns how many changed. Voided events neither count nor supersede.
   */
  setVoided(filter: EventFilter, voidedAt: string | null, audit: AuditInput): Promise<number>;
  /** Quarantined events not yet released, oldest first. */
  listQuarantine(officeId: string | undefined, limit: number): Promise<QuarantinedEvent[]>;
  /** Lets a quarantined event count (with its audit entry); false when no such quarantined event. */
  releaseQuarantined(eventId: string, audit: AuditInput): Promise<boolean>;
  listAudit(): Promise<AuditEntry[]>;

  createEnrollmentCode(input: {
    codeHash: string;
    officeId: string;
    /** The whole set the device will be trusted for (officeId first); absent: officeId alone. */
    officeIds?: readonly string[];
    createdAt: string;
    expiresAt: string;
  }): Promise<void>;
  /**
   * Consumes the code and creates the device in one transaction: null when the code is
   * unknown, used or expired (a code is used at most once, even under concurrent requests);
   * keyTaken (code not used) when an active device already has this public key.
   */
  enrollDevice(input: EnrollDeviceInput): Promise<EnrollOutcome>;
  /** Replaces the device's office set (the admin's `device-offices`); false when no such device. */
  setDeviceOffices(deviceId: string, officeIds: readonly string[]): Promise<boolean>;
  deviceByTokenHash(tokenHash: string): Promise<Device | null>;
  deviceByFingerprint(fingerprint: string): Promise<Device | null>;
  /** False when no such device; revoking twice keeps the first time. */
  revokeDevice(deviceId: string, at: string): Promise<boolean>;
  listDevices(): Promise<Device[]>;

  createAnalystToken(input: { id: string; label: string; tokenHash: string; createdAt: string }): Promise<void>;
  analystByTokenHash(tokenHash: string): Promise<AnalystToken | null>;
  listAnalysts(): Promise<AnalystToken[]>;
  /** False when no such token; revoking twice keeps the first time. */
  revokeAnalyst(id: string, at: string): Promise<boolean>;

  /** Stores the file of that package version once: a published version is never overwritten. */
  publishGuide(guide: PublishedGuide): Promise<PublishOutcome>;
  /** The newest published version of each package. */
  latestGuides(): Promise<GuideMeta[]>;
  guide(packageId: string, version: number): Promise<PublishedGuide | null>;
  publishRegistry(registry: PublishedRegistry): Promise<void>;
  registry(): Promise<PublishedRegistry | null>;

  close(): Promise<void>;
}

/** The device has stored its quota of new events for the server day (HTTP 429 until the next day). */
export class QuotaExceededError extends Error {
  constructor(
    readonly max: number,
    readonly day: string,
  ) {
    super(`the device has stored its ${max} events for ${day}`);
    this.name = 'QuotaExceededError';
  }
}

/** The database is busy, locked or unreachable: try again later (HTTP 503). */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}
