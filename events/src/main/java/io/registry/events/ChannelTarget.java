package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Comparator;
import java.util.List;

/**
 * One version a channel points at, with the percentage (0..100) of installs it gets. A channel's targets sum to 100;
 * there are one or two, ordered by version id (see {@link #canonical}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChannelTarget(String versionId, int weight) {

    /** The most versions one channel splits between. */
    public static final int MAX_TARGETS = 2;

    /**
     * The targets in their recorded order: by version id, so that the older version (ids are timestamps) takes the
     * lower buckets of a split. Moving weight from one version to the other then only ever moves installs in that
     * direction; an install never flips back and forth while a rollout progresses.
     */
    public static List<ChannelTarget> canonical(List<ChannelTarget> targets) {
        return targets.stream().sorted(Comparator.comparing(ChannelTarget::versionId)).toList();
    }
}
