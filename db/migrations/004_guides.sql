-- Guides: an errand walked with a guide pins the guide and package version it used
-- (errand_kind@version), so a package installed mid-visit never changes the steps under
-- the officer, and records where a referral pointed: office ids of the registry, or a
-- channel (e.g. 'channel:e_service'). Nothing personal: a personnummer typed into a
-- guide step is checked in memory and never reaches this database.
ALTER TABLE errands ADD COLUMN guide_ref TEXT CHECK (guide_ref IS NULL OR guide_ref GLOB '*.*@[1-9]*');
ALTER TABLE errands ADD COLUMN referral_to TEXT;
CREATE INDEX errands_guide_pins ON errands (guide_ref) WHERE guide_ref IS NOT NULL;
