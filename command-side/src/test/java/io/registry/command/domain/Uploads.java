package io.registry.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.access.Caller;
import io.registry.command.domain.Commands.ConfirmUpload;
import io.registry.command.domain.Commands.ReleaseContent;
import io.registry.command.domain.Commands.UploadedFiles;
import io.registry.events.ReleaseMetadata;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Example uploads of one entity, shared by the aggregate and the policy tests: paths, digests, deadlines, confirmations. */
final class Uploads {

    static final String ENTITY = "acme-widget";
    static final String ORG = "org-acme";

    static final String V1 = "2024.06.10-153042";
    static final String V2 = "2024.06.11-090000";
    static final String V3 = "2024.06.12-120000";
    static final String UNKNOWN_VERSION = "2023.01.01-000000";

    static final String HASH_1 = "sha256:1111";
    static final String HASH_2 = "sha256:2222";
    static final String HASH_3 = "sha256:3333";

    static final long SIZE = 4096L;
    static final String PACKAGE_SHA = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";
    static final String LOCKFILE_SHA = "7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730";

    static final Instant REQUESTED_AT = Instant.parse("2024-06-10T15:30:42Z");
    static final Instant EXPIRES_AT = Instant.parse("2024-06-10T15:45:42Z");
    static final Instant BEFORE_EXPIRY = Instant.parse("2024-06-10T15:40:00Z");
    static final Instant LATER = Instant.parse("2024-06-11T09:00:00Z");

    /** Creates the entity, hence its first publisher. */
    static final Caller PUBLISHER = new Caller("alice", ORG, Set.of());

    private Uploads() {
    }

    static String packagePath(String versionId) {
        return "uploads/" + ENTITY + "/" + versionId + "/0123456789abcdef/package.tgz";
    }

    static String lockfilePath(String versionId) {
        return "uploads/" + ENTITY + "/" + versionId + "/0123456789abcdef/package-lock.json";
    }

    static ConfirmUploadBuilder confirmUpload(String versionId, String sourceHash) {
        return new ConfirmUploadBuilder(versionId, sourceHash);
    }

    /** The manifest of a plain confirmation: no lockfile, dependencies, package_json or release metadata. */
    static Manifest plainManifest(String versionId, String sourceHash) {
        return new Manifest(ENTITY, versionId, sourceHash, null, packagePath(versionId), SIZE, PACKAGE_SHA, null,
                null, List.of(), null, ReleaseMetadata.empty());
    }

    /** Builds a confirmation by the publisher, before the deadline, that passes every check unless told otherwise. */
    static final class ConfirmUploadBuilder {
        private final String versionId;
        private String sourceHash;
        private String storagePath;
        private long fileSizeBytes = SIZE;
        private Long storedSize = SIZE;
        private String packageSha256 = PACKAGE_SHA;
        private String lockfilePath;
        private String lockfileSha256;
        private List<String> serviceDependencies;
        private JsonNode packageJson;
        private boolean setAsActive;
        private boolean force;
        private ReleaseMetadata release;
        private Caller caller = PUBLISHER;
        private Instant at = BEFORE_EXPIRY;

        private ConfirmUploadBuilder(String versionId, String sourceHash) {
            this.versionId = versionId;
            this.sourceHash = sourceHash;
            this.storagePath = packagePath(versionId);
        }

        ConfirmUploadBuilder sourceHash(String value) {
            sourceHash = value;
            return this;
        }

        ConfirmUploadBuilder storagePath(String value) {
            storagePath = value;
            return this;
        }

        ConfirmUploadBuilder fileSizeBytes(long stated, long stored) {
            fileSizeBytes = stated;
            storedSize = stored;
            packageSha256 = stated == stored ? PACKAGE_SHA : null;
            return this;
        }

        ConfirmUploadBuilder nothingStored() {
            storedSize = null;
            packageSha256 = null;
            return this;
        }

        /** The staged package had the stated size when looked at, but not once read through (it changed). */
        ConfirmUploadBuilder notReleased() {
            packageSha256 = null;
            return this;
        }

        /** A lockfile path, and whether a lockfile is stored there. */
        ConfirmUploadBuilder lockfile(String path, boolean stored) {
            lockfilePath = path;
            lockfileSha256 = stored ? LOCKFILE_SHA : null;
            return this;
        }

        ConfirmUploadBuilder serviceDependencies(List<String> value) {
            serviceDependencies = value;
            return this;
        }

        ConfirmUploadBuilder packageJson(JsonNode value) {
            packageJson = value;
            return this;
        }

        ConfirmUploadBuilder setAsActive() {
            setAsActive = true;
            return this;
        }

        ConfirmUploadBuilder force() {
            force = true;
            return this;
        }

        ConfirmUploadBuilder release(ReleaseMetadata value) {
            release = value;
            return this;
        }

        ConfirmUploadBuilder by(Caller value) {
            caller = value;
            return this;
        }

        ConfirmUploadBuilder at(Instant value) {
            at = value;
            return this;
        }

        ConfirmUpload build() {
            return new ConfirmUpload(ENTITY, versionId, sourceHash,
                    new UploadedFiles(storagePath, fileSizeBytes, storedSize, packageSha256, lockfilePath,
                            lockfileSha256),
                    new ReleaseContent(serviceDependencies, packageJson, release), setAsActive, force, caller, at);
        }
    }
}
