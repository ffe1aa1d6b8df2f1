package io.registry.query.entity;

import org.springframework.lang.Nullable;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.query.readmodel.VersionDocument;

import java.time.Instant;

/**
 * {@code GET .../versions/{versionId}/download}: signed GET URLs of the released package (and lockfile, null when the
 * version has none), when they expire, and the digests a client checks the downloaded bytes against.
 */
public record VersionDownload(
        @JsonProperty("id") String versionId,
        @JsonProperty("entity_id") String entityId,
        @JsonProperty("download_url") String downloadUrl,
        @JsonProperty("lockfile_download_url") @Nullable String lockfileDownloadUrl,
        @JsonProperty("file_size_bytes") long fileSizeBytes,
        @JsonProperty("package_sha256") @Nullable String packageSha256,
        @JsonProperty("lockfile_sha256") @Nullable String lockfileSha256,
        @JsonProperty("manifest_sha") String manifestSha,
        @JsonProperty("archived") boolean archived,
        @JsonProperty("expires_at") Instant expiresAt) {

    public static VersionDownload of(VersionDocument version, String downloadUrl, String lockfileDownloadUrl,
                                     Instant expiresAt) {
        return new VersionDownload(version.versionId(), version.entityId(), downloadUrl, lockfileDownloadUrl,
                version.fileSizeBytes(), version.packageSha256(), version.lockfileSha256(), version.manifestSha(),
                version.archived(), expiresAt);
    }
}
