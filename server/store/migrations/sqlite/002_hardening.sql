-- Issue 19: the service holds up against a broken or hostile device.
-- Events an admin voids, or that were implausible at ingest (quarantined), neither count nor
-- supersede; both are flags on the row, so ids stay write-once in one table.
ALTER TABLE events ADD COLUMN quarantined INTEGER NOT NULL DEFAULT 0 CHECK (quarantined IN (0, 1));
ALTER TABLE events ADD COLUMN voided_at TEXT;
CREATE INDEX events_device_date ON events (device_id, local_date);

-- Why each quarantined event was held back, for the admin's review (admin quarantine / release).
CREATE TABLE event_quarantine (
  event_id TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  quarantined_at TEXT NOT NULL,
  released_at TEXT
) STRICT;

-- Every void, restore and release by the admin: who asked for what, when, and how many rows it touched.
CREATE TABLE admin_audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  filter TEXT NOT NULL,
  affected INTEGER NOT NULL,
  reason TEXT
) STRICT;

-- Events newly stored per device and server day: the daily quota.
CREATE TABLE device_daily_ingest (
  device_id TEXT NOT NULL,
  day TEXT NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (device_id, day)
) STRICT;

-- One active device per public key: a key is public (it is in every statistics file).
CREATE UNIQUE INDEX devices_active_key ON devices (key_fingerprint) WHERE revoked_at IS NULL;
