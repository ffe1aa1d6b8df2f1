package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** The entity's active version changed; {@code previousVersionId} is null when there was none. */
@EventType(name = "registry.version.activated", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActiveVersionChanged(
        String entityId, String versionId, String previousVersionId, String changedBy, Instant changedAt)
        implements EntityEvent {
}
