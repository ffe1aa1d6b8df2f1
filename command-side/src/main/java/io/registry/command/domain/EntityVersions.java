package io.registry.command.domain;

import io.registry.command.domain.Rejection.Kind;

import java.util.Map;

/**
 * The versions of one entity as its events recorded them, as the version rules read them: each version by id, the
 * first confirmed version of each source hash, the number of the last confirmed version and the active version.
 */
record EntityVersions(String entityId, Map<String, VersionRecord> byId, Map<String, String> confirmedBySourceHash,
                      int lastVersionNumber, String activeVersionId) {

    /** The version with this id in any state; null when none was ever requested. */
    VersionRecord find(String versionId) {
        return byId.get(versionId);
    }

    /** The id of the confirmed version with this source hash; null when there is none. */
    String confirmedWithSourceHash(String sourceHash) {
        return confirmedBySourceHash.get(sourceHash);
    }

    /** A version that was confirmed (and may since be archived); any other is not found. */
    VersionRecord requireConfirmed(String versionId) {
        VersionRecord version = byId.get(versionId);
        if (version == null || !version.state().wasConfirmed()) {
            throw Rejection.versionNotFound(entityId, versionId);
        }
        return version;
    }

    /** A base version, when there is one, must be a confirmed (or archived) version of this entity. */
    void requireBase(String baseVersionId) {
        if (baseVersionId == null) {
            return;
        }
        VersionRecord base = byId.get(baseVersionId);
        if (base == null || !base.state().wasConfirmed()) {
            throw new Rejection(Kind.INVALID, "unknown_base_version",
                    "base_version_id " + baseVersionId + " is not a confirmed version of " + entityId + ".",
                    "base_version_id");
        }
    }
}
