package io.registry.command.domain;

import java.time.Instant;

/**
 * What the aggregate remembers of one version to decide on later commands. {@code versionNumber} and
 * {@code confirmedAt} are set once the version is confirmed (0 and null before): the retention rule reads them.
 * {@code storagePath}, {@code lockfilePath} and {@code expiresAt} only matter while the upload is requested (confirm
 * checks the paths, expiry the deadline) and are forgotten once it is confirmed: a package with 100,000 versions
 * is held (and snapshotted) in about two thirds of the memory.
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
        return new VersionRecord(VersionState.CONFIRMED, sourceHash, baseVersionId, null, null, null, force, number, at);
    }
}
