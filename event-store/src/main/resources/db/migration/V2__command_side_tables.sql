-- Idempotency of commands: X-Client-Request-ID -> the first response. A row is 'pending' while the
-- first request runs, so a concurrent duplicate is told to retry instead of running twice.
CREATE TABLE idempotency_record (
    request_id    UUID         NOT NULL PRIMARY KEY,
    caller        VARCHAR(255) NOT NULL,
    request_key   VARCHAR(600) NOT NULL,
    body_sha256   CHAR(64)     NOT NULL,
    state         VARCHAR(16)  NOT NULL,
    status        INTEGER,
    content_type  VARCHAR(255),
    headers       TEXT,
    body          BYTEA,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_record_created_at ON idempotency_record (created_at);

-- Uploads requested and not yet confirmed: what the expiry job looks at. A read model of the command
-- side, rebuilt from the event store by its own tracking processor.
CREATE TABLE pending_upload (
    entity_id     VARCHAR(255)  NOT NULL,
    version_id    VARCHAR(32)   NOT NULL,
    storage_path  VARCHAR(1024) NOT NULL,
    lockfile_path VARCHAR(1024),
    expires_at    TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (entity_id, version_id)
);
CREATE INDEX pending_upload_expires_at ON pending_upload (expires_at);
