package io.registry.command.domain;

import java.time.Instant;

/** What the aggregate remembers of one version to decide on later commands. */
public record VersionRecord(VersionState state, String sourceHash, String baseVersionId, String storagePath,
                            String lockfilePath, Instant expiresAt, boolean force) {

    VersionRecord withState(VersionState next) {
        return new VersionRecord(next, sourceHash, baseVersionId, storagePath, lockfilePath, expiresAt, force);
    }
}
