package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** An entity (package) was created in a zone; its creator became its first publisher. */
@EventType(name = "registry.entity.created", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EntityCreated(
        String entityId,
        String zoneId,
        String name,
        String description,
        String iconUrl,
        OwnerType ownerType,
        String organizationId,
        Store store,
        String createdBy,
        Instant createdAt) implements EntityEvent {
}
