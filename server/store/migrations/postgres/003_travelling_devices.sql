-- Issue 18: a device enrolled once is trusted for a SET of offices (a travelling officer's
-- laptop). The set is a comma-separated list of office ids (ids hold no commas), first the
-- office the device was enrolled for; office_id stays that first office for older readers.
ALTER TABLE devices ADD COLUMN office_ids TEXT;
UPDATE devices SET office_ids = office_id;
ALTER TABLE enrollment_codes ADD COLUMN office_ids TEXT;
UPDATE enrollment_codes SET office_ids = office_id;
-- Re-enrolling the same computer (proved by its key) makes the earlier device inactive and names its successor.
ALTER TABLE devices ADD COLUMN replaced_by TEXT;
