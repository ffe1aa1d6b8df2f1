-- Entities whose retention policy has rules: what the retention job looks at. A read model of the command
-- side, rebuilt from the event store by its own tracking processor.
CREATE TABLE retention_entity (
    entity_id VARCHAR(255) NOT NULL PRIMARY KEY
);
