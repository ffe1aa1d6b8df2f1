package io.registry.api.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.events.ChannelTarget;

import java.util.List;

/**
 * A channel as the API shows it ({@code GET .../channels/{channel}}, and the answer to setting it): the versions it
 * points at with their weights, one (weight 100) or two (weights summing to 100), ordered by version id.
 */
public record ChannelResource(@JsonProperty("entity_id") String entityId,
                              @JsonProperty("channel") String channel,
                              @JsonProperty("targets") List<ChannelTarget> targets) {
}
