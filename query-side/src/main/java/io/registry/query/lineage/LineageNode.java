package io.registry.query.lineage;

import org.springframework.lang.Nullable;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.query.readmodel.VersionDocument;

import java.time.Instant;
import java.util.List;

/** What lineage shows of a version; in the tree of descendants each node also lists its {@code children}. */
public record LineageNode(
        @JsonProperty("id") String versionId,
        @JsonProperty("version") int versionNumber,
        @JsonProperty("base_version_id") @Nullable String baseVersionId,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("archived_at") @Nullable Instant archivedAt,
        @JsonProperty("active") boolean active,
        @JsonProperty("depth") int depth,
        @JsonProperty("children") @JsonInclude(Include.NON_NULL) List<LineageNode> children) {

    /** The version alone (no {@code children}). */
    public static LineageNode of(VersionDocument version) {
        return withChildren(version, null);
    }

    /** The version as a node of the descendants tree. */
    public static LineageNode withChildren(VersionDocument version, List<LineageNode> children) {
        return new LineageNode(version.versionId(), version.versionNumber(), version.baseVersionId(),
                version.createdAt(), version.createdBy(), version.archivedAt(), version.active(), version.depth(),
                children);
    }
}
