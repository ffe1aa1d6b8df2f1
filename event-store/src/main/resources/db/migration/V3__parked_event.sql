-- Events the Kafka forwarder could not publish because the broker refuses them for good (a record larger than
-- the topic accepts). They are set aside so publishing goes on for every other event, and stay here until an
-- operator publishes them again (POST /admin/kafka/parked/{event_id}/publish) after fixing the cause.
CREATE TABLE parked_event (
    event_identifier     VARCHAR(255) NOT NULL PRIMARY KEY,
    global_index         BIGINT,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT,
    payload_type         VARCHAR(255) NOT NULL,
    topic                VARCHAR(255) NOT NULL,
    record_key           VARCHAR(255) NOT NULL,
    record_value         BYTEA        NOT NULL,
    record_headers       TEXT         NOT NULL,
    reason               TEXT         NOT NULL,
    parked_at            TIMESTAMPTZ  NOT NULL DEFAULT now()
);
