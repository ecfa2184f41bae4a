-- Central statistics service: events, devices, enrollment codes, analyst tokens, published files.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  device_id TEXT,
  source TEXT NOT NULL CHECK (source IN ('upload', 'bundle')),
  office_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  local_time TEXT NOT NULL,
  status TEXT NOT NULL,
  supersedes TEXT,
  waiting_seconds INTEGER,
  service_seconds INTEGER,
  errands TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  clock_skew_seconds INTEGER NOT NULL,
  skew_flagged INTEGER NOT NULL CHECK (skew_flagged IN (0, 1)),
  content_hash TEXT NOT NULL
) STRICT;
CREATE INDEX events_office_date ON events (office_id, local_date);
CREATE INDEX events_supersedes ON events (supersedes);

CREATE TABLE enrollment_codes (
  code_hash TEXT PRIMARY KEY,
  office_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  device_id TEXT
) STRICT;

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  office_id TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  public_key_pem TEXT NOT NULL,
  key_fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
CREATE INDEX devices_fingerprint ON devices (key_fingerprint);

CREATE TABLE analyst_tokens (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

CREATE TABLE published_guides (
  package_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  hash TEXT NOT NULL,
  text TEXT NOT NULL,
  published_at TEXT NOT NULL,
  PRIMARY KEY (package_id, version)
) STRICT;

CREATE TABLE published_registry (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hash TEXT NOT NULL,
  text TEXT NOT NULL,
  published_at TEXT NOT NULL
) STRICT;
