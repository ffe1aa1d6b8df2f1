package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/** A channel of the entity was removed; {@code previousTargets} are the versions it pointed at. */
@EventType(name = "registry.channel.removed", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChannelRemoved(String entityId, String channel, List<ChannelTarget> previousTargets, String removedBy,
                             Instant removedAt) implements EntityEvent {
}
