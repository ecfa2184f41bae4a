import { z } from 'zod';
import { WINDOW_ROLES } from './roles';

/**
 * Managed configuration: a policy file IT places on the machine
 * (`%ProgramData%\Lucka\policy.json` on Windows, `/etc/lucka/policy.json` on Linux) to
 * preset settings and lock what the user may change. Every key is optional; unknown keys
 * are refused (a typo must not silently do nothing). A file that fails this schema is
 * ignored whole: the app starts with nothing from it, and says which field is wrong.
 */
const OfficeIdSchema = z.string().regex(/^[a-z0-9-]{2,60}$/);
const HttpsUrl = z
  .string()
  .max(300)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'an https:// URL without credentials');

/** The office hub (issue 13): data only here; the hub's own code reads it. */
const HubSchema = z.discriminatedUnion('role', [
  /** This PC is the office's hub. */
  z.object({ role: z.literal('hub') }).strict(),
  /** This PC pairs with the hub at `address`, pinning its certificate's SHA-256 fingerprint. */
  z
    .object({
      role: z.literal('client'),
      address: z
        .string()
        .max(260)
        .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'host or host:port'),
      fingerprint: z
        .string()
        .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/, 'SHA-256 fingerprint (hex)'),
    })
    .strict(),
]);

export const POLICY_LOCKABLE = ['office', 'centralServiceUrl', 'windowRole', 'language', 'hub'] as const;
export type PolicyLockable = (typeof POLICY_LOCKABLE)[number];

export const PolicySchema = z
  .object({
    /** Informational: which version of this format the file was written for. */
    version: z.literal(1),
    /** The office this PC serves; several for a travelling officer's device (the first is the default). */
    offices: z.array(OfficeIdSchema).min(1).max(50).optional(),
    /** The central statistics service. */
    centralServiceUrl: HttpsUrl.optional(),
    /** What the app's window is on this PC: an officer's counter, the ticket kiosk, the waiting-room display. */
    windowRole: z.enum(WINDOW_ROLES).optional(),
    language: z.enum(['sv', 'en']).optional(),
    hub: HubSchema.optional(),
    /** Settings the user may not change (each must also be set above). */
    locked: z.array(z.enum(POLICY_LOCKABLE)).max(POLICY_LOCKABLE.length).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const set: Record<PolicyLockable, unknown> = {
      office: p.offices,
      centralServiceUrl: p.centralServiceUrl,
      windowRole: p.windowRole,
      language: p.language,
      hub: p.hub,
    };
    (p.locked ?? []).forEach((key, i) => {
      if (set[key] === undefined)
        ctx.addIssue({ code: 'custom', path: ['locked', i], message: `locks "${key}", which the policy does not set` });
    });
  });

export type Policy = z.infer<typeof PolicySchema>;

/** What the app knows about the policy: where it looked, what it found, and why it ignored it. */
export interface PolicyState {
  path: string;
  /** null when there is no file, or when it is invalid (then `error` says why). */
  policy: Policy | null;
  /** Each problem as "field: what is wrong", e.g. "offices.0: Invalid string". */
  error: string | null;
}

export function isLocked(state: PolicyState | null | undefined, key: PolicyLockable): boolean {
  return state?.policy?.locked?.includes(key) ?? false;
}
