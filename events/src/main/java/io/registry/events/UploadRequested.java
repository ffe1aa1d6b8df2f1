package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * Signed upload URLs were issued for a version (step 1 of an upload). Only the storage paths named here
 * can be confirmed for that version, and only before {@code expiresAt}.
 */
@EventType(name = "registry.version.upload-requested", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UploadRequested(
        String entityId,
        String versionId,
        String sourceHash,
        String baseVersionId,
        String storagePath,
        String lockfilePath,
        boolean force,
        Instant expiresAt,
        String requestedBy,
        Instant requestedAt) implements EntityEvent {
}
