package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** The entity's retention policy is now {@code policy}; a policy without rules archives nothing. */
@EventType(name = "registry.retention.set", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RetentionPolicySet(String entityId, RetentionPolicy policy, String setBy, Instant setAt)
        implements EntityEvent {
}
