-- Status resources expire (taxii.status_retention after the request completed);
-- the purge deletes by creation time.
CREATE INDEX taxii_status_created ON taxii_status (created);
