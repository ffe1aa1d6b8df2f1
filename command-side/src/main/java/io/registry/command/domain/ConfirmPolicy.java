package io.registry.command.domain;

import io.registry.command.domain.Commands.ConfirmUpload;
import io.registry.command.domain.Commands.UploadedFiles;
import io.registry.command.domain.Rejection.Kind;
import io.registry.events.ActiveVersionChanged;
import io.registry.events.EntityEvent;
import io.registry.events.VersionConfirmed;

import java.util.List;

/**
 * The rules of step 2 of an upload as one pure decision: from the entity's recorded versions and a confirmation,
 * the events to record, or the {@link Rejection} of the first rule it breaks. Whether the caller may publish and
 * whether the entity is at the If-Match sequence are checked before, by the entity, as for every command.
 */
final class ConfirmPolicy {

    private ConfirmPolicy() {
    }

    /** What a confirmation records: the confirmed version, then its activation when that was asked for (else null). */
    record Decision(VersionConfirmed confirmed, ActiveVersionChanged activated) {

        List<EntityEvent> events() {
            return activated == null ? List.of(confirmed) : List.of(confirmed, activated);
        }
    }

    static Decision decide(EntityVersions versions, ConfirmUpload command) {
        VersionRecord requested = requireOpenRequest(versions, command);
        requireReleasedPackage(command.files());
        requireIssuedLockfile(requested, command.files());
        requireNewSourceHash(versions, requested, command);
        versions.requireBase(requested.baseVersionId());
        Manifest manifest = Manifest.of(versions.entityId(), command, requested.baseVersionId());
        VersionConfirmed confirmed = manifest.confirmed(versions.lastVersionNumber() + 1, command.caller().userId(),
                command.at());
        ActiveVersionChanged activated = !command.setAsActive() ? null : new ActiveVersionChanged(versions.entityId(),
                command.versionId(), versions.activeVersionId(), command.caller().userId(), command.at());
        return new Decision(confirmed, activated);
    }

    /** The upload was requested for this version and path, is still open, and for this source hash. */
    private static VersionRecord requireOpenRequest(EntityVersions versions, ConfirmUpload command) {
        String versionId = command.versionId();
        String storagePath = command.files().storagePath();
        VersionRecord requested = versions.find(versionId);
        if (requested == null
                || requested.state() == VersionState.EXPIRED && !storagePath.equals(requested.storagePath())) {
            throw new Rejection(Kind.INVALID, "upload_not_requested",
                    "No upload was requested for version " + versionId + " of " + versions.entityId()
                            + "; request upload URLs first.", "storage_path");
        }
        if (requested.state().wasConfirmed()) {
            throw new Rejection(Kind.CONFLICT, "version_exists",
                    "Version " + versionId + " of " + versions.entityId() + " is already "
                            + requested.state().wireName() + ".", "version");
        }
        if (!storagePath.equals(requested.storagePath())) {
            throw new Rejection(Kind.INVALID, "storage_path_mismatch",
                    "storage_path must be the path issued for version " + versionId + ": "
                            + requested.storagePath(), "storage_path");
        }
        if (requested.state() == VersionState.EXPIRED || !command.at().isBefore(requested.expiresAt())) {
            throw new Rejection(Kind.GONE, "upload_expired",
                    "The upload of version " + versionId + " expired at " + requested.expiresAt()
                            + "; request new upload URLs.", "storage_path");
        }
        if (!command.sourceHash().equals(requested.sourceHash())) {
            throw new Rejection(Kind.INVALID, "source_hash_mismatch",
                    "source_hash differs from the one given when the upload was requested.", "source_hash");
        }
        return requested;
    }

    /** The package is stored at the stated size and was released (digested) as it is. */
    private static void requireReleasedPackage(UploadedFiles files) {
        if (files.storedSize() == null) {
            throw new Rejection(Kind.PRECONDITION_FAILED, "package_not_uploaded",
                    "Nothing is stored at " + files.storagePath() + "; PUT the package to the upload URL first.",
                    "storage_path");
        }
        if (files.storedSize() != files.fileSizeBytes()) {
            throw new Rejection(Kind.INVALID, "file_size_mismatch",
                    "file_size_bytes is " + files.fileSizeBytes() + " but the stored package has "
                            + files.storedSize() + " bytes.", "file_size_bytes");
        }
        if (files.packageSha256() == null) {
            throw new Rejection(Kind.PRECONDITION_FAILED, "package_not_uploaded",
                    "The package at " + files.storagePath() + " changed while it was being read; PUT it again and "
                            + "confirm.", "storage_path");
        }
    }

    /** A lockfile, when one is named, is at the path issued for this upload and is stored there. */
    private static void requireIssuedLockfile(VersionRecord requested, UploadedFiles files) {
        if (files.lockfilePath() == null) {
            return;
        }
        if (!files.lockfilePath().equals(requested.lockfilePath())) {
            throw new Rejection(Kind.INVALID, "lockfile_path_mismatch",
                    "package_lock_path must be the lockfile path issued for this version: "
                            + requested.lockfilePath(), "package_lock_path");
        }
        if (files.lockfileSha256() == null) {
            throw new Rejection(Kind.PRECONDITION_FAILED, "lockfile_not_uploaded",
                    "Nothing is stored at " + files.lockfilePath() + "; PUT the lockfile first.",
                    "package_lock_path");
        }
    }

    /** No other version has this source hash, unless the request or the confirmation forces another one. */
    private static void requireNewSourceHash(EntityVersions versions, VersionRecord requested, ConfirmUpload command) {
        String duplicate = versions.confirmedWithSourceHash(command.sourceHash());
        if (duplicate != null && !command.force() && !requested.force()) {
            throw new Rejection(Kind.CONFLICT, "duplicate_source_hash",
                    "Version " + duplicate + " already has this source_hash; send force=true to create another.",
                    "source_hash");
        }
    }
}
