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
 */
@EventType(name = "registry.version.confirmed", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VersionConfirmed(
        String entityId,
        String versionId,
        int version,
        String sourceHash,
        String baseVersionId,
        String storagePath,
        long fileSizeBytes,
        String packageLockPath,
        List<String> serviceDependencies,
        JsonNode packageJson,
        String manifestSha,
        ReleaseMetadata release,
        String confirmedBy,
        Instant confirmedAt) implements EntityEvent {
}
