package io.registry.query.entity;

import org.springframework.lang.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.registry.query.listing.PackageVersion;
import io.registry.query.readmodel.VersionDocument;

import java.util.List;

/**
 * A version as the entity surface shows it: its {@link PackageVersion} fields, then the fields of the versions
 * document, always present. {@code archived_at} is always present too: in its {@code PackageVersion} place when the
 * version is archived, else last, as {@code null} ({@code notArchived}), the order this route has always answered in;
 * then {@code channels}, added since: the names of the channels that point at it.
 */
public record VersionResource(
        @JsonUnwrapped PackageVersion listed,
        @JsonProperty("entity_id") String entityId,
        @JsonProperty("active") boolean active,
        @JsonProperty("source_hash") String sourceHash,
        @JsonProperty("base_version_id") @Nullable String baseVersionId,
        @JsonProperty("storage_path") String storagePath,
        @JsonProperty("file_size_bytes") long fileSizeBytes,
        @JsonProperty("package_sha256") @Nullable String packageSha256,
        @JsonProperty("package_lock_path") @Nullable String packageLockPath,
        @JsonProperty("lockfile_sha256") @Nullable String lockfileSha256,
        @JsonProperty("service_dependencies") @Nullable List<String> serviceDependencies,
        @JsonProperty("package_json") @Nullable @Schema(ref = "PackageJson") JsonNode packageJson,
        @JsonProperty("archived_at") @JsonInclude(Include.NON_NULL)
        @Schema(types = {"string", "null"}, format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED,
                description = "When the version was archived; null while it is not") NullNode notArchived,
        @JsonProperty("channels")
        @Schema(description = "The channels that point at this version, by name (`active` is not one)")
        List<String> channels) {

    public static VersionResource of(VersionDocument version) {
        return new VersionResource(PackageVersion.of(version), version.entityId(), version.active(),
                version.sourceHash(), version.baseVersionId(), version.storagePath(), version.fileSizeBytes(),
                version.packageSha256(), version.packageLockPath(), version.lockfileSha256(),
                version.serviceDependencies(), version.packageJson(),
                version.archived() ? null : NullNode.getInstance(), version.channels());
    }
}
