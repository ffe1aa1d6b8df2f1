package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * A channel of the entity now points at {@code targets} (one version with weight 100, or two splitting 100 between
 * them, ordered by version id); {@code previousTargets} is null when the channel is new. Pointing a channel at an
 * earlier version is how it is rolled back.
 */
@EventType(name = "registry.channel.set", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChannelSet(String entityId, String channel, List<ChannelTarget> targets,
                         List<ChannelTarget> previousTargets, String setBy, Instant setAt) implements EntityEvent {
}
