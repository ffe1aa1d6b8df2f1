package io.registry.query.readmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.storage.StoragePaths;
import io.registry.events.OwnerType;
import io.registry.events.ReleaseMetadata;
import io.registry.events.VersionConfirmed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One document per confirmed version in the versions read model: everything the listings and the entity surface
 * show, plus its lineage ({@code ancestors}: the ids of its ancestors, root first; {@code depth}: how many there are),
 * so ancestors are one multi-get and descendants one query. The JSON names are the stored field names (those
 * {@code elasticsearch/registry-versions.json} maps); queries name fields through the constants below.
 *
 * <p>In Java, {@code versionId} is the version's id ({@code id}, e.g. {@code 2024.06.10-153042}) and
 * {@code versionNumber} its 1-based number within the entity ({@code version}). {@code channels}: the names of the
 * channels that target it, left out of the stored JSON while there are none.
 */
public record VersionDocument(
        @JsonProperty("id") String versionId,
        @JsonProperty(VersionDocument.ENTITY_ID) String entityId,
        @JsonProperty("zone_id") String zoneId,
        @JsonProperty(VersionDocument.VERSION_NUMBER) int versionNumber,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("manifest_sha") String manifestSha,
        @JsonProperty("name") String name,
        @JsonProperty("owner_type") OwnerType ownerType,
        @JsonProperty("description") String description,
        @JsonProperty("icon_url") String iconUrl,
        @JsonProperty("inputs") JsonNode inputs,
        @JsonProperty("outputs") JsonNode outputs,
        @JsonProperty("links") JsonNode links,
        @JsonProperty("properties") JsonNode properties,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("archived_at") Instant archivedAt,
        @JsonProperty("source_hash") String sourceHash,
        @JsonProperty("base_version_id") String baseVersionId,
        @JsonProperty("storage_path") String storagePath,
        @JsonProperty("file_size_bytes") long fileSizeBytes,
        @JsonProperty("package_sha256") String packageSha256,
        @JsonProperty("package_lock_path") String packageLockPath,
        @JsonProperty("lockfile_sha256") String lockfileSha256,
        @JsonProperty("service_dependencies") List<String> serviceDependencies,
        @JsonProperty("package_json") JsonNode packageJson,
        @JsonProperty(VersionDocument.ANCESTORS) List<String> ancestors,
        @JsonProperty(VersionDocument.DEPTH) int depth,
        @JsonProperty("active") boolean active,
        @JsonProperty("last_sequence") long lastSequence,
        @JsonProperty("channels") @JsonInclude(Include.NON_EMPTY) List<String> channels) implements ReadModelDocument {

    /** The entity a version belongs to: {@code entity_id}, a keyword. */
    public static final String ENTITY_ID = "entity_id";
    /** The version number: {@code version}, an integer (the listings' order key). */
    public static final String VERSION_NUMBER = "version";
    /** The ids of a version's ancestors: {@code ancestors}, keywords (descendants are found by them). */
    public static final String ANCESTORS = "ancestors";
    /** How many ancestors a version has: {@code depth}, an integer. */
    public static final String DEPTH = "depth";

    public VersionDocument {
        inputs = valueOrNull(inputs);
        outputs = valueOrNull(outputs);
        links = valueOrNull(links);
        properties = valueOrNull(properties);
        packageJson = valueOrNull(packageJson);
        ancestors = ancestors == null ? List.of() : List.copyOf(ancestors);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /**
     * The version a confirmation creates: the entity's name and owner type, the release metadata (description and icon
     * falling back to the entity's), no tags rather than an empty list, and its lineage after {@code base} (null when
     * it has no base version).
     */
    public static VersionDocument confirmed(VersionConfirmed e, EntityDocument entity, VersionDocument base,
                                            long sequence) {
        ReleaseMetadata release = e.release() == null ? ReleaseMetadata.empty() : e.release();
        List<String> ancestors = base == null ? List.of() : base.ancestorsOfChildren();
        return new VersionDocument(e.versionId(), e.entityId(), entity.zoneId(), e.version(), e.confirmedAt(),
                e.confirmedBy(), e.manifestSha(), entity.name(), entity.ownerType(),
                release.description() != null ? release.description() : entity.description(),
                release.iconUrl() != null ? release.iconUrl() : entity.iconUrl(),
                release.inputs(), release.outputs(), release.links(), release.properties(),
                release.tags() == null || release.tags().isEmpty() ? null : release.tags(),
                null, e.sourceHash(), e.baseVersionId(), e.storagePath(), e.fileSizeBytes(), e.packageSha256(),
                e.packageLockPath(), e.lockfileSha256(), e.serviceDependencies(), e.packageJson(),
                ancestors, ancestors.size(), e.versionId().equals(entity.activeVersionId()), sequence, List.of());
    }

    /** The document id of a version: {@code <entityId>/<versionId>}. */
    public static String docId(String entityId, String versionId) {
        return entityId + "/" + versionId;
    }

    @Override
    public String docId() {
        return docId(entityId, versionId);
    }

    /** The ancestors of a version based on this one: this one's, then this one. */
    public List<String> ancestorsOfChildren() {
        List<String> lineage = new ArrayList<>(ancestors);
        lineage.add(versionId);
        return lineage;
    }

    public boolean archived() {
        return archivedAt != null;
    }

    /**
     * Where the released package is stored: under its digest; a version confirmed before digests existed is served
     * from the path it was uploaded to.
     */
    public String releasedPackageKey() {
        return packageSha256 != null ? StoragePaths.releasedBlob(packageSha256) : storagePath;
    }

    /** Where the released lockfile is stored, as {@link #releasedPackageKey()}; null when the version has none. */
    public String releasedLockfileKey() {
        if (packageLockPath == null) {
            return null;
        }
        return lockfileSha256 != null ? StoragePaths.releasedBlob(lockfileSha256) : packageLockPath;
    }

    public VersionDocument withActive(boolean active) {
        return changed(active, archivedAt, lastSequence, channels);
    }

    public VersionDocument withArchivedAt(Instant archivedAt) {
        return changed(active, archivedAt, lastSequence, channels);
    }

    public VersionDocument withLastSequence(long sequence) {
        return changed(active, archivedAt, sequence, channels);
    }

    /** The channel targets this version ({@code targeted}) or no longer does; channel names kept sorted. */
    public VersionDocument withChannel(String channel, boolean targeted) {
        TreeSet<String> names = new TreeSet<>(channels);
        if (targeted) {
            names.add(channel);
        } else {
            names.remove(channel);
        }
        return changed(active, archivedAt, lastSequence, List.copyOf(names));
    }

    private VersionDocument changed(boolean active, Instant archivedAt, long lastSequence, List<String> channels) {
        return new VersionDocument(versionId, entityId, zoneId, versionNumber, createdAt, createdBy, manifestSha, name,
                ownerType, description, iconUrl, inputs, outputs, links, properties, tags, archivedAt, sourceHash,
                baseVersionId, storagePath, fileSizeBytes, packageSha256, packageLockPath, lockfileSha256,
                serviceDependencies, packageJson, ancestors, depth, active, lastSequence, channels);
    }

    /** A JSON {@code null} read back from a stored document is no value. */
    private static JsonNode valueOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }
}
