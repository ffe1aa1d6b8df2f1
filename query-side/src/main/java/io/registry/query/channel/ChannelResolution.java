package io.registry.query.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.lang.Nullable;

/**
 * {@code GET .../channels/{channel}/resolve}: the version an install with this {@code key} gets from the channel, and
 * the key's bucket (0..99, see {@link StickyBuckets}); both key and bucket null when no key was given (a channel on one
 * version needs none).
 */
public record ChannelResolution(@JsonProperty("entity_id") String entityId,
                                @JsonProperty("channel") String channel,
                                @JsonProperty("key") @Nullable String key,
                                @JsonProperty("bucket") @Nullable Integer bucket,
                                @JsonProperty("version_id") String versionId) {
}
