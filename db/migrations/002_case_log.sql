-- The case log: a visit (besök) holds one or more errands (ärenden), each for one agency.
-- No personnummer, names or addresses, ever (shared/domain.md, Privacy).
-- Times are UTC instants (ISO 8601, 'Z'); local_date is the Europe/Stockholm day the
-- visit counts on, computed at write, because day boundaries are never UTC midnight.
CREATE TABLE visits (
  id                TEXT PRIMARY KEY NOT NULL,
  office_id         TEXT NOT NULL,
  officer_signature TEXT NOT NULL,
  started_at        TEXT NOT NULL,
  local_date        TEXT NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  closed_at         TEXT CHECK (closed_at IS NULL OR closed_at >= started_at)
) STRICT;
CREATE INDEX visits_by_office_day ON visits (office_id, local_date, started_at);
CREATE INDEX visits_open_by_officer ON visits (officer_signature) WHERE closed_at IS NULL;

CREATE TABLE errands (
  id          TEXT PRIMARY KEY NOT NULL,
  visit_id    TEXT NOT NULL REFERENCES visits (id) ON DELETE RESTRICT,
  position    INTEGER NOT NULL CHECK (position >= 1),
  agency      TEXT NOT NULL CHECK (agency IN ('AF', 'FK', 'MV', 'PM', 'SKV')),
  errand_kind TEXT NOT NULL,
  outcome     TEXT CHECK (outcome IN ('done', 'referred', 'booked', 'needs_documents', 'cancelled')),
  created_at  TEXT NOT NULL,
  UNIQUE (visit_id, position)
) STRICT;
