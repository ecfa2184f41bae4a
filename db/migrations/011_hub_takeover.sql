-- Taking over a dead office hub (docs/decisions/0008-office-hub-transport.md, "Taking over a
-- dead hub"). Three parts, each on the installation that needs it:
--
-- hub_state (one row): this installation's epoch as a hub (raised by each takeover; devices
-- refuse a lower one), the paired counter that stands by to take over (on the hub), where
-- that standby will listen (so devices can follow it without re-pairing), and whether this
-- installation stepped down after meeting a higher epoch.
CREATE TABLE hub_state (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  epoch               INTEGER NOT NULL DEFAULT 1 CHECK (epoch >= 1),
  standby_device_id   TEXT,
  standby_host        TEXT,
  standby_port        INTEGER CHECK (standby_port BETWEEN 1 AND 65535),
  standby_cert_pem    TEXT,
  stepped_down_at     TEXT,
  successor_epoch     INTEGER
) STRICT;
INSERT INTO hub_state (id) VALUES (1);

-- Ticket numbers per office, day and letter, in blocks the standby has stored before the hub
-- issues from them: a takeover starts after the highest block the standby knows, so no number
-- the old hub may have given out is issued again. floor: numbers up to it are never issued
-- here (a takeover skipped them); reserved: asked of the standby; acknowledged: stored by it.
CREATE TABLE number_blocks (
  office_id     TEXT NOT NULL,
  local_date    TEXT NOT NULL,
  letter        TEXT NOT NULL CHECK (length(letter) = 1),
  floor         INTEGER NOT NULL DEFAULT 0 CHECK (floor >= 0),
  reserved      INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  acknowledged  INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged >= 0 AND acknowledged <= reserved),
  PRIMARY KEY (office_id, local_date, letter)
) STRICT;

-- On the standby: its copy of the hub's queue, inert until a supervisor takes over (so the
-- standby's own end-of-day sweep never counts the hub's tickets). Ticket rows by id, and one
-- image of the rest (queues, counters, appointments, devices with token hashes only, the
-- passphrase hash, the number blocks, the epoch) with the hub's journal position.
CREATE TABLE standby_tickets (
  id          TEXT PRIMARY KEY NOT NULL,
  local_date  TEXT NOT NULL,
  body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE TABLE standby_image (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  cursor      INTEGER NOT NULL,
  body        TEXT NOT NULL CHECK (json_valid(body)),
  mirrored_at TEXT NOT NULL
) STRICT;
