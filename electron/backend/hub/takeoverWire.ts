import { z } from 'zod';

/**
 * The office hub's takeover messages (decision 0008, "Taking over a dead hub"): the
 * standby's pull of the hub's queue, and the roster every device keeps so it can follow
 * a new hub without re-pairing. Both sides parse what they receive with these schemas.
 */
export const TAKEOVER_PATHS = { standby: '/hub/v1/standby', roster: '/hub/v1/roster' } as const;
/** Every device request carries the highest hub epoch the device has seen; a hub below it steps down. */
export const EPOCH_HEADER = 'lucka-hub-epoch';

const LocalDate = z.iso.date();
const Letter = z.string().regex(/^[A-Z]$/);
const CertPem = z
  .string()
  .max(20_000)
  .regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/);
const Block = z
  .object({
    officeId: z.string().min(1).max(64),
    localDate: LocalDate,
    letter: Letter,
    floor: z.number().int().min(0),
    reserved: z.number().int().min(0),
    acknowledged: z.number().int().min(0),
  })
  .strict();
/** A table row as the hub's SQLite returns it; only the live table's own columns are ever written. */
const Row = z.record(z.string().regex(/^[a-z_]{1,40}$/), z.union([z.string().max(20_000), z.number(), z.null()]));

export const StandbyPull = z
  .object({
    /** The hub's journal position the standby has stored (0: nothing yet). */
    after: z.number().int().min(0),
    /** The hub's outbox position the standby has stored (0: nothing yet). */
    outboxAfter: z.number().int().min(0),
    /** Where the standby will listen as the hub, and the certificate devices will pin. */
    port: z.number().int().min(1).max(65535),
    certPem: CertPem,
    /** The reservations stored with the last pull: the hub may issue up to them. */
    acknowledged: z.array(Block.pick({ officeId: true, localDate: true, letter: true, reserved: true })).max(5000),
  })
  .strict();
export type StandbyPull = z.infer<typeof StandbyPull>;

export const StandbyImageReply = z
  .object({
    cursor: z.number().int().min(0),
    /** More changes wait: pull again at once. */
    more: z.boolean(),
    /** From this local date on; older mirrored tickets are dropped. */
    fromDate: LocalDate,
    tickets: z.array(Row).max(20_000),
    /** The hub's outbox rows after `outboxAfter` (its own events and its counters'), and the new position. */
    outbox: z.array(Row).max(20_000),
    outboxCursor: z.number().int().min(0),
    state: z
      .object({
        epoch: z.number().int().min(1),
        standbyDeviceId: z.uuid(),
        setup: z.object({ officeId: z.string().min(1).max(64), officerSignature: z.string().max(16) }).nullable(),
        queues: z.array(Row).max(26),
        counters: z.array(Row).max(200),
        appointments: z.array(Row).max(20_000),
        devices: z.array(Row).max(1000),
        passphrase: Row.nullable(),
        blocks: z.array(Block).max(5000),
      })
      .strict(),
  })
  .strict();
export type StandbyImageReply = z.infer<typeof StandbyImageReply>;

export const Roster = z
  .object({
    epoch: z.number().int().min(1),
    steppedDown: z.boolean(),
    /** The paired counter the supervisor chose to stand by (it mirrors the queue). */
    standbyDeviceId: z.uuid().nullable(),
    /** The paired PC that would take over, where it will listen and the certificate it will show. */
    standby: z
      .object({
        deviceId: z.uuid(),
        host: z.string().min(1).max(260),
        port: z.number().int().min(1).max(65535),
        certPem: CertPem,
        fingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type Roster = z.infer<typeof Roster>;

/** The epoch a request says it has seen; 0 when it says none (or nonsense). */
export function epochOf(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : 0;
}
