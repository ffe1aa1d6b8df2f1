-- Staging objects that are no longer needed (their upload was confirmed, expired or requested again), queued in
-- the transaction that records the fact and deleted in batches of up to 1,000 by the staging sweeper (one S3
-- multi-object delete per batch instead of one per upload). A read model of the command side: rebuilt from the
-- event store by the upload-expiry processor; deleting a key that is already gone is harmless.
CREATE TABLE staging_deletion (
    storage_path VARCHAR(1024) NOT NULL PRIMARY KEY,
    queued_at    TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX staging_deletion_queued_at ON staging_deletion (queued_at);
