package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** The entity was shared with a user, who may now read it. */
@EventType(name = "registry.entity.shared", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EntityShared(String entityId, String userId, String sharedBy, Instant sharedAt)
        implements EntityEvent {
}
