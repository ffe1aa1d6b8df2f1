package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** The entity's store visibility changed. */
@EventType(name = "registry.entity.store-changed", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoreChanged(String entityId, Store store, Store previousStore, String changedBy, Instant changedAt)
        implements EntityEvent {
}
