package io.registry.command.retention;

import io.registry.events.RetentionPolicySet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * The command side's read model of the entities whose retention policy has rules ({@code retention_entity}), kept by
 * its own tracking processor: the retention job visits only these. Setting a row is idempotent, so a replay is safe.
 */
@ProcessingGroup(RetentionEntities.PROCESSING_GROUP)
public class RetentionEntities {

    public static final String PROCESSING_GROUP = "retention-entities";

    private final JdbcTemplate jdbc;

    public RetentionEntities(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(RetentionPolicySet event) {
        if (event.policy().hasRules()) {
            jdbc.update("INSERT INTO retention_entity (entity_id) VALUES (?) ON CONFLICT DO NOTHING", event.entityId());
        } else {
            jdbc.update("DELETE FROM retention_entity WHERE entity_id = ?", event.entityId());
        }
    }

    /** Up to {@code limit} entities with a policy, after {@code afterEntityId} (null: from the first), by id. */
    public List<String> after(String afterEntityId, int limit) {
        return jdbc.queryForList("SELECT entity_id FROM retention_entity WHERE entity_id > ? ORDER BY entity_id LIMIT ?",
                String.class, afterEntityId == null ? "" : afterEntityId, limit);
    }
}
