package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** A version was archived (the documented DELETE). It stays in history and listings, with {@code archived_at}. */
@EventType(name = "registry.version.archived", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VersionArchived(String entityId, String versionId, String archivedBy, Instant archivedAt)
        implements EntityEvent {
}
