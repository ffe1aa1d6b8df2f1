package io.registry.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.command.domain.Commands.ConfirmUpload;
import io.registry.command.domain.Commands.ReleaseContent;
import io.registry.command.domain.Commands.UploadedFiles;
import io.registry.events.ReleaseMetadata;
import io.registry.events.VersionConfirmed;

import java.time.Instant;
import java.util.List;

/**
 * What a confirmed version is: the released package and lockfile by path and digest, what they were built from, and
 * the release metadata; {@link ManifestSha} hashes exactly this. Built from a confirmation in {@link #of} and recorded
 * by {@link #confirmed}.
 */
public record Manifest(String entityId, String versionId, String sourceHash, String baseVersionId,
                       String storagePath, long fileSizeBytes, String packageSha256,
                       String lockfilePath, String lockfileSha256,
                       List<String> serviceDependencies, JsonNode packageJson, ReleaseMetadata release) {

    /**
     * The manifest of a confirmation, with the base version recorded when the upload was requested. No lockfile
     * path means no lockfile digest; no dependencies or release metadata mean empty ones.
     */
    static Manifest of(String entityId, ConfirmUpload command, String baseVersionId) {
        UploadedFiles files = command.files();
        ReleaseContent content = command.content();
        return new Manifest(entityId, command.versionId(), command.sourceHash(), baseVersionId,
                files.storagePath(), files.fileSizeBytes(), files.packageSha256(),
                files.lockfilePath(), files.lockfilePath() == null ? null : files.lockfileSha256(),
                content.serviceDependencies() == null ? List.of() : content.serviceDependencies(),
                content.packageJson(),
                content.metadata() == null ? ReleaseMetadata.empty() : content.metadata());
    }

    /** The event that records this manifest as version number {@code versionNumber}, with its manifest_sha. */
    public VersionConfirmed confirmed(int versionNumber, String confirmedBy, Instant confirmedAt) {
        return new VersionConfirmed(entityId, versionId, versionNumber, sourceHash, baseVersionId, storagePath,
                fileSizeBytes, packageSha256, lockfilePath, lockfileSha256, serviceDependencies, packageJson,
                ManifestSha.of(this), release, confirmedBy, confirmedAt);
    }
}
