-- The office hub's case log lives on the counter PCs (docs/decisions/0008-office-hub-transport.md,
-- "Where things live" and "Statistics exactly-once"). One store may play either side.

-- Hub side: the counter device a served ticket was handed to. From then on that device writes
-- the arrival's statistics events; the hub writes none for it (one writer per arrival).
ALTER TABLE tickets ADD COLUMN handed_to_device TEXT;

-- Hub side: events a paired counter sent (POST /hub/v1/events) join the office's outbox, so the
-- hub's uploader sends them with its own. from_device names the sender; NULL for the hub's own.
ALTER TABLE sync_outbox ADD COLUMN from_device TEXT;
CREATE INDEX sync_outbox_from_device ON sync_outbox (arrival_key, seq) WHERE from_device IS NOT NULL;

-- Counter side: a ticket the hub handed to this PC when it was served, and the visit it became
-- here. (visits.ticket_id must name a local ticket, so the visit's own column stays NULL and
-- db/visits.ts reads the ticket from here.) The row holds what the statistics event needs of the
-- ticket, and the hub's last event of the arrival, which the counter's first one supersedes.
CREATE TABLE handed_arrivals (
  ticket_id  TEXT PRIMARY KEY NOT NULL,
  visit_id   TEXT NOT NULL UNIQUE REFERENCES visits (id),
  office_id  TEXT NOT NULL,
  local_date TEXT NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  issued_at  TEXT NOT NULL,
  number     TEXT NOT NULL,
  counter_id TEXT NOT NULL,
  supersedes TEXT,
  handed_at  TEXT NOT NULL
) STRICT;

-- Counter side: hub actions a local change owes the hub (a ticket's end with its visit's close),
-- written in that change's transaction and replayed in order with their own idempotency keys.
-- refused: the hub's typed refusal (JSON), kept and shown, never retried by itself.
CREATE TABLE hub_pending (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  request_key TEXT NOT NULL UNIQUE,
  channel     TEXT NOT NULL,
  input       TEXT NOT NULL CHECK (json_valid(input)),
  created_at  TEXT NOT NULL,
  refused     TEXT CHECK (refused IS NULL OR json_valid(refused))
) STRICT;
