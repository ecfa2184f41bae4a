/**
 * Typed errors that cross the contract. A code is stable (tests and the UI rely on
 * it); messageKey points into the i18n catalogue, so the renderer shows Swedish text
 * and never a stack trace.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'VALIDATION',
  'SETUP_REQUIRED',
  'UNKNOWN_OFFICE',
  'NOT_FOUND',
  'VISIT_CLOSED',
  'VISIT_INCOMPLETE',
  'VISIT_OPEN',
  'VISIT_NOT_TODAY',
  'OVERRIDE_REASON_REQUIRED',
  'TOO_MANY_ERRANDS',
  'ILLEGAL_TRANSITION',
  'UNKNOWN_QUEUE',
  'COUNTER_NOT_OPEN',
  'COUNTER_BUSY',
  'COUNTER_HAS_TICKET',
  'APPOINTMENT_NOT_FOUND',
  'APPOINTMENT_CHECKED_IN',
  'DUPLICATE',
  'OFFICER_BUSY',
  'OTHER_OFFICER',
  'FORBIDDEN',
  'GUIDE_NOT_FOUND',
  'GUIDE_INCOMPLETE',
  'GUIDE_PACKAGE_REJECTED',
  'SUPERVISOR_REQUIRED',
  'SUPERVISOR_DENIED',
  'SUPERVISOR_LOCKED',
  'SUPERVISOR_NOT_CONFIGURED',
  /** The first passphrase of an office this device is not trusted for (rules/firstPassphrase.ts). */
  'SUPERVISOR_FIRST_NOT_ALLOWED',
  'EXPORT_BUSY',
  'SYNC_ADDRESS_INVALID',
  'SYNC_ENROLL_FAILED',
  'SYNC_NOT_ENROLLED',
  'SYNC_NOTHING_PENDING',
  /** Not an import receipt (admin import-bundle --receipt). */
  'SYNC_RECEIPT_INVALID',
  /** A receipt of another computer's statistics file. */
  'SYNC_RECEIPT_OTHER_DEVICE',
  /** A setting IT's policy file locks (shared/policy.ts) was asked to change. */
  'POLICY_LOCKED',
  'HUB_NOT_SERVING',
  'HUB_PAIRING_REFUSED',
  'HUB_UNREACHABLE',
  'HUB_CERTIFICATE_CHANGED',
  'HUB_DEVICE_REVOKED',
  /** This installation was the hub and met a higher epoch: another PC took over the queue. */
  'HUB_STEPPED_DOWN',
  /** The hub's standby has not yet stored the block the next ticket number is in. */
  'HUB_STANDBY_BEHIND',
  /** A takeover was asked of a PC that cannot take over (not the standby, or nothing mirrored). */
  'HUB_TAKEOVER_REFUSED',
  'BACKEND_UNAVAILABLE',
  'STORE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IssueDetail {
  /** Dotted path of the offending field in the input, '' for the input itself. */
  path: string;
  /** zod's issue code (e.g. too_big, invalid_type): machine-readable, not prose. */
  issue: string;
}

export interface ApiError {
  code: ErrorCode;
  messageKey: `errors.${ErrorCode}`;
  details?: IssueDetail[];
}

export function apiError(code: ErrorCode, details?: IssueDetail[]): ApiError {
  return details ? { code, messageKey: `errors.${code}`, details } : { code, messageKey: `errors.${code}` };
}

/** Thrown by handlers and repositories for expected failures; the host turns it into an ApiError. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: IssueDetail[],
  ) {
    super(code);
    this.name = 'AppError';
  }
}
