package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** The entity is no longer shared with a user. */
@EventType(name = "registry.entity.unshared", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EntityUnshared(String entityId, String userId, String unsharedBy, Instant unsharedAt)
        implements EntityEvent {
}
