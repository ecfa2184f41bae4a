-- Statistics exactly-once across a hub takeover (docs/decisions/0008-office-hub-transport.md,
-- "Statistics across a takeover"). The standby mirrors the hub's outbox with its queue: the
-- hub's own events and those its counters sent, so after a takeover the new hub uploads what
-- the dead one had not, and continues each arrival's supersede chain from its last event.
-- Inert until a takeover, as standby_tickets. hub_seq: the row's seq at the hub (the pull's cursor).
CREATE TABLE standby_outbox (
  event_id    TEXT PRIMARY KEY NOT NULL,
  hub_seq     INTEGER NOT NULL,
  body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
ALTER TABLE standby_image ADD COLUMN outbox_cursor INTEGER NOT NULL DEFAULT 0;

-- On the hub: the outbox position its standby has stored (each pull says what it holds). With a
-- standby named, the uploader sends only events up to it, as numbers are issued only from
-- acknowledged blocks: whatever this hub uploads, a successor has too and continues its chain,
-- so an event the standby never saw can never fork one at the service.
ALTER TABLE hub_state ADD COLUMN standby_outbox_acked INTEGER NOT NULL DEFAULT 0;
