-- Supervisors: one passphrase per office on this device, stored only as an scrypt hash
-- with its salt and cost parameters (so they can be raised later without a migration).
CREATE TABLE supervisor_passphrases (
  office_id   TEXT PRIMARY KEY NOT NULL,
  hash        TEXT NOT NULL,
  salt        TEXT NOT NULL,
  cost_n      INTEGER NOT NULL CHECK (cost_n >= 16384),
  updated_at  TEXT NOT NULL
) STRICT;

-- Failed attempts per office survive a restart, so the lockout cannot be reset by
-- restarting the app. Cleared on success.
CREATE TABLE supervisor_attempts (
  office_id       TEXT PRIMARY KEY NOT NULL,
  failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_at TEXT,
  locked_until    TEXT
) STRICT;
