package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** A user became a publisher of the entity. */
@EventType(name = "registry.entity.publisher-granted", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PublisherGranted(String entityId, String userId, String grantedBy, Instant grantedAt)
        implements EntityEvent {
}
