package io.registry.events;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/** A requested upload was never confirmed before its deadline; its stored objects are removed. */
@EventType(name = "registry.version.upload-expired", revision = "1")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UploadExpired(
        String entityId, String versionId, String storagePath, String lockfilePath, Instant expiredAt)
        implements EntityEvent {
}
