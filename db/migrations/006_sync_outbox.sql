-- The transactional outbox of anonymous statistics events (docs/sync.md): written in the
-- same transaction as the change it reports, drained by the uploader. One arrival (a
-- ticket or a visit without one) may have several events; each later one supersedes the
-- one before it. arrival_key ('t:<ticket id>' / 'v:<visit id>') never leaves the device.
CREATE TABLE sync_outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT NOT NULL UNIQUE,
  arrival_key TEXT NOT NULL,
  office_id   TEXT NOT NULL,
  local_date  TEXT NOT NULL,
  payload     TEXT NOT NULL CHECK (json_valid(payload)),
  created_at  TEXT NOT NULL,
  -- When the service confirmed it holds the event.
  sent_at     TEXT,
  -- Why the service refused it for good (it holds the id with other content); never retried.
  rejected    TEXT
) STRICT;
CREATE INDEX sync_outbox_pending ON sync_outbox (office_id, seq) WHERE sent_at IS NULL AND rejected IS NULL;
CREATE INDEX sync_outbox_by_arrival ON sync_outbox (arrival_key, seq);
-- The few events the service would not take: counted on every status read, retried daily.
CREATE INDEX sync_outbox_rejected ON sync_outbox (rejected) WHERE rejected IS NOT NULL;
