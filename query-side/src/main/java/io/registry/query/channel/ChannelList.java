package io.registry.query.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.api.resource.ChannelResource;

import java.util.List;

/** {@code GET .../channels}: every channel of the entity, by name. */
public record ChannelList(@JsonProperty("entity_id") String entityId,
                          @JsonProperty("items") List<ChannelResource> items) {
}
