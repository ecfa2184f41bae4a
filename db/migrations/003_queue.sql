-- The visitor queue: queues, counters (luckor), appointments, tickets and every state
-- change of a ticket as an event. Tickets carry no names or personnummer: a number only.

CREATE TABLE queues (
  office_id    TEXT NOT NULL,
  letter       TEXT NOT NULL CHECK (length(letter) = 1 AND letter GLOB '[A-Z]'),
  name         TEXT NOT NULL,
  -- JSON arrays of agency codes and errand kinds this queue is for; [] = any.
  agencies     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(agencies)),
  errand_kinds TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(errand_kinds)),
  priority     INTEGER NOT NULL DEFAULT 0,
  -- Shown on the kiosk (walk-in queues); appointment-only queues are not.
  kiosk        INTEGER NOT NULL DEFAULT 1 CHECK (kiosk IN (0, 1)),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  PRIMARY KEY (office_id, letter)
) STRICT;

CREATE TABLE counters (
  id                TEXT PRIMARY KEY NOT NULL,
  office_id         TEXT NOT NULL,
  name              TEXT NOT NULL,
  -- The officer at this counter now, or NULL when it is closed.
  officer_signature TEXT,
  opened_at         TEXT,
  UNIQUE (office_id, name)
) STRICT;
CREATE UNIQUE INDEX one_counter_per_officer ON counters (office_id, officer_signature)
  WHERE officer_signature IS NOT NULL;

CREATE TABLE appointments (
  id           TEXT PRIMARY KEY NOT NULL,
  office_id    TEXT NOT NULL,
  queue_letter TEXT NOT NULL,
  -- The booking's own code (from the agency's booking), never the visitor's identity.
  reference    TEXT NOT NULL,
  scheduled_at TEXT NOT NULL,
  local_date   TEXT NOT NULL,
  agency       TEXT,
  errand_kind  TEXT,
  ticket_id    TEXT,
  cancelled_at TEXT,
  created_at   TEXT NOT NULL,
  UNIQUE (office_id, local_date, reference),
  FOREIGN KEY (office_id, queue_letter) REFERENCES queues (office_id, letter)
) STRICT;

CREATE TABLE tickets (
  id                TEXT PRIMARY KEY NOT NULL,
  office_id         TEXT NOT NULL,
  local_date        TEXT NOT NULL,
  -- Letter and running number as issued (the visitor's paper); queue_letter may change on transfer.
  issued_letter     TEXT NOT NULL,
  seq               INTEGER NOT NULL CHECK (seq >= 1),
  number            TEXT NOT NULL,
  queue_letter      TEXT NOT NULL,
  state             TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
  source            TEXT NOT NULL CHECK (source IN ('officer', 'kiosk', 'appointment')),
  issued_at         TEXT NOT NULL,
  appointment_id    TEXT REFERENCES appointments (id),
  appointment_at    TEXT,
  counter_id        TEXT REFERENCES counters (id),
  officer_signature TEXT,
  first_called_at   TEXT,
  last_called_at    TEXT,
  call_count        INTEGER NOT NULL DEFAULT 0,
  recalled_after_no_show INTEGER NOT NULL DEFAULT 0,
  service_started_at TEXT,
  ended_at          TEXT,
  UNIQUE (office_id, local_date, issued_letter, seq),
  FOREIGN KEY (office_id, queue_letter) REFERENCES queues (office_id, letter)
) STRICT;
-- "Call next" walks waiting tickets in arrival order, and finds due bookings directly.
CREATE INDEX tickets_waiting ON tickets (office_id, local_date, issued_at, id) WHERE state = 'waiting';
CREATE INDEX tickets_waiting_booked ON tickets (office_id, local_date, appointment_at)
  WHERE state = 'waiting' AND appointment_at IS NOT NULL;
CREATE INDEX tickets_by_day ON tickets (office_id, local_date);
-- One ticket at a time per counter: no double calls, no two tickets served at once.
CREATE UNIQUE INDEX one_active_ticket_per_counter ON tickets (counter_id) WHERE state IN ('called', 'serving');

CREATE TABLE ticket_events (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id         TEXT NOT NULL REFERENCES tickets (id),
  action            TEXT NOT NULL,
  from_state        TEXT,
  to_state          TEXT NOT NULL,
  queue_letter      TEXT NOT NULL,
  counter_id        TEXT,
  officer_signature TEXT,
  at                TEXT NOT NULL
) STRICT;
CREATE INDEX ticket_events_by_ticket ON ticket_events (ticket_id, id);

-- A visit made from a ticket, and what it says about the wait and the counter.
ALTER TABLE visits ADD COLUMN ticket_id TEXT REFERENCES tickets (id);
ALTER TABLE visits ADD COLUMN counter_id TEXT REFERENCES counters (id);
ALTER TABLE visits ADD COLUMN waiting_seconds INTEGER;
ALTER TABLE visits ADD COLUMN corrections INTEGER NOT NULL DEFAULT 0;
-- When the visit first ended: a correction later must not stretch its service time.
ALTER TABLE visits ADD COLUMN first_closed_at TEXT;
CREATE UNIQUE INDEX one_visit_per_ticket ON visits (ticket_id) WHERE ticket_id IS NOT NULL;

-- Flags per errand, and the officer's free-text note: sensitive, never in statistics,
-- purged after note_purge_after (end of the next working day).
ALTER TABLE errands ADD COLUMN lacks_eid INTEGER NOT NULL DEFAULT 0 CHECK (lacks_eid IN (0, 1));
ALTER TABLE errands ADD COLUMN interpreter INTEGER NOT NULL DEFAULT 0 CHECK (interpreter IN (0, 1));
ALTER TABLE errands ADD COLUMN language TEXT;
ALTER TABLE errands ADD COLUMN note TEXT;
ALTER TABLE errands ADD COLUMN note_purge_after TEXT;
CREATE INDEX errands_notes_to_purge ON errands (note_purge_after) WHERE note IS NOT NULL;

-- Corrections keep history: the visit as it was before each reopen.
CREATE TABLE visit_corrections (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  visit_id          TEXT NOT NULL REFERENCES visits (id),
  officer_signature TEXT NOT NULL,
  at                TEXT NOT NULL,
  before_json       TEXT NOT NULL CHECK (json_valid(before_json))
) STRICT;
