package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** A user stopped being a publisher of the entity. */
@EventType(name = "registry.entity.publisher-revoked", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PublisherRevoked(String entityId, String userId, String revokedBy, Instant revokedAt)
        implements EntityEvent {
}
