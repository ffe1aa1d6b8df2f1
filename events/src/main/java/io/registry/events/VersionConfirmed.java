package io.registry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * A version's package was found in storage with the stated size and the version now exists (step 2).
 *
 * <p>{@code version} is the 1-based sequence number of the version within its entity, in order of
 * confirmation. {@code manifestSha} is the SHA-256 (hex) of the canonical JSON of the version's manifest;
 * see the README for its exact derivation.
 *
 * <p>Revision 2 adds {@code packageSha256} / {@code lockfileSha256}: the lowercase hex SHA-256 of the bytes
 * released at confirm, which are stored content-addressed (immutable) under {@code blobs/sha256/<digest>};
 * {@code storagePath} / {@code packageLockPath} stay the staging paths the client uploaded to. Revision 1
 * events are read with both digests null (their bytes live at {@code storagePath}).
 */
@EventType(name = "registry.version.confirmed", revision = "2")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VersionConfirmed(
        String entityId,
        String versionId,
        int version,
        String sourceHash,
        String baseVersionId,
        String storagePath,
        long fileSizeBytes,
        String packageSha256,
        String packageLockPath,
        String lockfileSha256,
        List<String> serviceDependencies,
        JsonNode packageJson,
        String manifestSha,
        ReleaseMetadata release,
        String confirmedBy,
        Instant confirmedAt) implements EntityEvent {
}
