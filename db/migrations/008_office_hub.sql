-- The office hub (docs/decisions/0007-office-hub-transport.md): devices paired to this
-- installation, the one-time codes that pair them, and the replies it remembers so that a
-- request retried after a lost reply has its effect once. Only hashes of secrets are kept.
CREATE TABLE hub_devices (
  id           TEXT PRIMARY KEY NOT NULL,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  role         TEXT NOT NULL CHECK (role IN ('counter', 'kiosk', 'display')),
  -- sha256 of the device's bearer token (32 random bytes): the token itself is only on the device.
  token_hash   TEXT UNIQUE,
  created_at   TEXT NOT NULL,
  paired_at    TEXT,
  last_seen_at TEXT,
  revoked_at   TEXT
) STRICT;

-- One code per device waiting to pair. code_id is the code's public first group; key is
-- scrypt(secret part, salt bound to the hub's certificate): the code itself is not stored.
CREATE TABLE hub_pairing_codes (
  code_id    TEXT PRIMARY KEY NOT NULL,
  device_id  TEXT NOT NULL UNIQUE REFERENCES hub_devices (id) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  cost_n     INTEGER NOT NULL,
  expires_at TEXT NOT NULL,
  tries_left INTEGER NOT NULL CHECK (tries_left >= 0)
) STRICT;

-- The reply to a state-changing request, by the device's idempotency key, kept for a day.
CREATE TABLE hub_replies (
  device_id  TEXT NOT NULL REFERENCES hub_devices (id) ON DELETE CASCADE,
  request_key TEXT NOT NULL,
  channel    TEXT NOT NULL,
  reply      TEXT NOT NULL CHECK (json_valid(reply)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (device_id, request_key)
) STRICT;
CREATE INDEX hub_replies_age ON hub_replies (created_at);
