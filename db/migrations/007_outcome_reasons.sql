-- Why an officer overrode the outcome a guide reached, and why a closed visit was
-- corrected: fixed reasons (codes), never free text, so no personal data can land here.
ALTER TABLE errands ADD COLUMN guide_outcome TEXT;
ALTER TABLE errands ADD COLUMN outcome_reason TEXT;
ALTER TABLE visit_corrections ADD COLUMN reason TEXT;
