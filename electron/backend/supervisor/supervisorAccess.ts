import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { SupervisorSession, SupervisorStatus } from '../../../shared/api';
import { hashPassphrase, SCRYPT_COST_N, verifyPassphrase, type PassphraseHash } from './passphrase';

/** Wrong passphrases in a row before the office is locked, and for how long. */
export const MAX_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const MAX_LOCKOUT_MS = 24 * 60 * 60_000;
/** A supervisor session ends after this long without use. */
export const SESSION_IDLE_MS = 30 * 60_000;

interface AttemptRow {
  failures: number;
  locked_until: string | null;
}

/**
 * Who may see an office's figures: a supervisor who knows the office's passphrase. Failed
 * attempts are counted in the database (a restart does not reset them) and lock the office
 * for a while; sessions are tokens held in memory only, so they end with the backend.
 */
export class SupervisorAccess {
  private readonly sessions = new Map<string, { officeId: string; expiresAt: number }>();

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    /** scrypt's cost for new passphrases: the product's setting; tests pass a cheap one (a hash is not a clock). */
    private readonly costN: number = SCRYPT_COST_N,
  ) {}

  private stored(officeId: string): PassphraseHash | null {
    const row = this.db
      .prepare('SELECT hash, salt, cost_n FROM supervisor_passphrases WHERE office_id = ?')
      .get(officeId) as { hash: string; salt: string; cost_n: number } | undefined;
    return row ? { hash: row.hash, salt: row.salt, costN: row.cost_n } : null;
  }

  private attempts(officeId: string): AttemptRow {
    return (
      (this.db.prepare('SELECT failures, locked_until FROM supervisor_attempts WHERE office_id = ?').get(officeId) as
        AttemptRow | undefined) ?? { failures: 0, locked_until: null }
    );
  }

  status(officeId: string): SupervisorStatus {
    const attempts = this.attempts(officeId);
    const locked = attempts.locked_until !== null && Date.parse(attempts.locked_until) > this.now().getTime();
    return {
      officeId,
      configured: this.stored(officeId) !== null,
      lockedUntil: locked ? attempts.locked_until : null,
      attemptsLeft: locked ? 0 : MAX_FAILURES - (attempts.failures % MAX_FAILURES),
    };
  }

  /**
   * Checks a passphrase. The attempt is counted as a failure before the (slow) check and
   * cleared on success, so a burst of parallel guesses cannot slip past the lockout.
   */
  private async check(officeId: string, passphrase: string): Promise<void> {
    if (this.status(officeId).lockedUntil) throw new AppError('SUPERVISOR_LOCKED');
    const stored = this.stored(officeId);
    if (!stored) throw new AppError('SUPERVISOR_NOT_CONFIGURED');
    const now = this.now();
    const failures = this.attempts(officeId).failures + 1;
    // Each lockout in a row lasts twice the one before (15 min, 30 min, 1 h … at most a day):
    // a guesser gets a handful of tries a day, a supervisor who mistyped loses 15 minutes.
    const lockouts = failures / MAX_FAILURES;
    const lockMs = Math.min(MAX_LOCKOUT_MS, LOCKOUT_MS * 2 ** (lockouts - 1));
    const lockedUntil = Number.isInteger(lockouts) ? new Date(now.getTime() + lockMs).toISOString() : null;
    this.db
      .prepare(
        `INSERT INTO supervisor_attempts (office_id, failures, last_failure_at, locked_until)
         VALUES (@officeId, @failures, @at, @lockedUntil)
         ON CONFLICT (office_id) DO UPDATE SET failures = @failures, last_failure_at = @at, locked_until = @lockedUntil`,
      )
      .run({ officeId, failures, at: now.toISOString(), lockedUntil });
    if (await verifyPassphrase(passphrase, stored)) {
      this.db.prepare('DELETE FROM supervisor_attempts WHERE office_id = ?').run(officeId);
      return;
    }
    throw new AppError(lockedUntil ? 'SUPERVISOR_LOCKED' : 'SUPERVISOR_DENIED');
  }

  private openSession(officeId: string): SupervisorSession {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now().getTime() + SESSION_IDLE_MS;
    this.sessions.set(token, { officeId, expiresAt });
    return { token, officeId, expiresAt: new Date(expiresAt).toISOString() };
  }

  async unlock(officeId: string, passphrase: string): Promise<SupervisorSession> {
    await this.check(officeId, passphrase);
    return this.openSession(officeId);
  }

  /**
   * Sets the office's passphrase: the first time by whoever installs the office on this
   * device, afterwards only with the current one (a supervisor changing it).
   */
  async setPassphrase(
    officeId: string,
    passphrase: string,
    current: string | undefined,
    /** Whether this device may claim the office's first passphrase (rules/firstPassphrase.ts). */
    mayClaimFirst: boolean,
  ): Promise<SupervisorSession> {
    const first = !this.stored(officeId);
    if (first) {
      // Data this device holds for offices it is not trusted for (a travelling officer's
      // switch needs no passphrase) stays closed until that office's own device sets it.
      if (!mayClaimFirst) throw new AppError('SUPERVISOR_FIRST_NOT_ALLOWED');
    } else {
      if (current === undefined) throw new AppError('SUPERVISOR_DENIED', [{ path: 'current', issue: 'required' }]);
      await this.check(officeId, current);
    }
    const hashed = await hashPassphrase(passphrase, this.costN);
    const row = { officeId, ...hashed, at: this.now().toISOString() };
    if (first) {
      // Two "first" settings racing: the first write wins, the second is refused, never silently replaces it.
      const inserted = this.db
        .prepare(
          `INSERT INTO supervisor_passphrases (office_id, hash, salt, cost_n, updated_at)
           VALUES (@officeId, @hash, @salt, @costN, @at) ON CONFLICT (office_id) DO NOTHING`,
        )
        .run(row);
      if (inserted.changes === 0) throw new AppError('SUPERVISOR_DENIED', [{ path: 'current', issue: 'required' }]);
    } else {
      this.db
        .prepare(
          'UPDATE supervisor_passphrases SET hash = @hash, salt = @salt, cost_n = @costN, updated_at = @at WHERE office_id = @officeId',
        )
        .run(row);
    }
    // Sessions opened with the old passphrase end with it.
    for (const [token, session] of this.sessions) if (session.officeId === officeId) this.sessions.delete(token);
    return this.openSession(officeId);
  }

  /** The office a live session may read; throws SUPERVISOR_REQUIRED for an unknown or expired token. */
  officeOf(token: string): string {
    const session = this.sessions.get(token);
    const now = this.now().getTime();
    if (!session || session.expiresAt <= now) {
      this.sessions.delete(token);
      throw new AppError('SUPERVISOR_REQUIRED');
    }
    session.expiresAt = now + SESSION_IDLE_MS;
    return session.officeId;
  }

  lock(token: string): void {
    this.sessions.delete(token);
  }

  /** Ends every session: the device changed officer or office. */
  lockAll(): void {
    this.sessions.clear();
  }
}
