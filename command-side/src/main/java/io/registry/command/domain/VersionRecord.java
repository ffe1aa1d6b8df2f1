package io.registry.command.domain;

import java.time.Instant;

/**
 * What the aggregate remembers of one version to decide on later commands. {@code versionNumber} and
 * {@code confirmedAt} are set once the version is confirmed (0 and null before): the retention rule reads them.
 */
public record VersionRecord(VersionState state, String sourceHash, String baseVersionId, String storagePath,
                            String lockfilePath, Instant expiresAt, boolean force, int versionNumber,
                            Instant confirmedAt) {

    /** A version requested in step 1 of an upload. */
    static VersionRecord requested(String sourceHash, String baseVersionId, String storagePath, String lockfilePath,
                                   Instant expiresAt, boolean force) {
        return new VersionRecord(VersionState.REQUESTED, sourceHash, baseVersionId, storagePath, lockfilePath,
                expiresAt, force, 0, null);
    }

    VersionRecord withState(VersionState next) {
        return new VersionRecord(next, sourceHash, baseVersionId, storagePath, lockfilePath, expiresAt, force,
                versionNumber, confirmedAt);
    }

    VersionRecord confirmed(int number, Instant at) {
        return new VersionRecord(VersionState.CONFIRMED, sourceHash, baseVersionId, storagePath, lockfilePath,
                expiresAt, force, number, at);
    }
}
