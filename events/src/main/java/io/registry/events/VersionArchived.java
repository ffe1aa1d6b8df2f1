package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * A version was archived (the documented DELETE). It stays in history and listings, with {@code archived_at}.
 *
 * <p>Revision 2 adds {@code retentionPolicy}: the entity's policy when its retention job archived the version (the
 * cause; {@code archivedBy} is then {@value #BY_RETENTION}), null when a publisher did. Revision 1 events read with it
 * null: retention did not exist.
 */
@EventType(name = "registry.version.archived", revision = "2")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VersionArchived(String entityId, String versionId, String archivedBy, Instant archivedAt,
                              RetentionPolicy retentionPolicy) implements EntityEvent {

    /** The actor of an archive the retention job made, as of the deadline's expiries in the history. */
    public static final String BY_RETENTION = "system";
}
