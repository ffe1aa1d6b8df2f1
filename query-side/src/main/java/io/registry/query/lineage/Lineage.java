package io.registry.query.lineage;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code GET .../versions/{versionId}/lineage}: the version asked about, its ancestors (nearest first, up to
 * {@code depth}) and the tree of its descendants (up to {@code depth} levels below it and {@code limit} versions),
 * each list saying whether it was cut.
 */
public record Lineage(
        @JsonProperty("version") LineageNode requested,
        @JsonProperty("ancestors") List<LineageNode> ancestors,
        @JsonProperty("ancestors_truncated") boolean ancestorsTruncated,
        @JsonProperty("descendants") List<LineageNode> descendants,
        @JsonProperty("descendant_count") int descendantCount,
        @JsonProperty("descendants_truncated") boolean descendantsTruncated,
        @JsonProperty("depth") int maxDepth,
        @JsonProperty("limit") int maxDescendants) {
}
