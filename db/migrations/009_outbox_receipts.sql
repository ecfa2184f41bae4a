-- Issue 18: an event the service acknowledged in an import receipt (admin import-bundle
-- --receipt, handed back to the device) is no longer shown as waiting nor put in the next
-- statistics file. It is still sent at the next sync: only the service's own answer there
-- sets sent_at, so a wrong receipt can hide a wait but never lose an event.
ALTER TABLE sync_outbox ADD COLUMN receipted_at TEXT;
