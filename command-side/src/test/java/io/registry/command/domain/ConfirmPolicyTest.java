package io.registry.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.access.Caller;
import io.registry.command.domain.Commands.ConfirmUpload;
import io.registry.command.domain.Commands.ReleaseContent;
import io.registry.command.domain.Commands.UploadedFiles;
import io.registry.command.domain.Rejection.Kind;
import io.registry.events.ActiveVersionChanged;
import io.registry.events.ReleaseMetadata;
import io.registry.events.VersionConfirmed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The confirmation rules decided alone, without Axon: given the versions an entity recorded and a confirmation,
 * expect the events to record, or the rejection with its code and the request field it names.
 * {@link PackageEntityTest} covers the same rules through the aggregate.
 */
class ConfirmPolicyTest {

    private static final String ENTITY = "acme-widget";
    private static final String V1 = "2024.06.10-153042";
    private static final String V2 = "2024.06.11-090000";
    private static final String HASH_1 = "sha256:1111";
    private static final String HASH_2 = "sha256:2222";
    private static final long SIZE = 4096L;
    private static final String PACKAGE_SHA = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";
    private static final String LOCKFILE_SHA = "7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730";
    private static final Instant EXPIRES_AT = Instant.parse("2024-06-10T15:45:42Z");
    private static final Instant BEFORE_EXPIRY = Instant.parse("2024-06-10T15:40:00Z");
    private static final Caller PUBLISHER = new Caller("alice", "org-acme", Set.of());

    // ---- what the entity recorded ----

    /** The recorded versions of an entity, built up one fact at a time. */
    private static final class Recorded {
        private final Map<String, VersionRecord> byId = new HashMap<>();
        private final Map<String, String> confirmedBySourceHash = new HashMap<>();
        private int lastVersionNumber;
        private String activeVersionId;

        Recorded requested(String versionId, String sourceHash) {
            return requested(versionId, sourceHash, null, false);
        }

        Recorded requested(String versionId, String sourceHash, String baseVersionId, boolean force) {
            byId.put(versionId, new VersionRecord(VersionState.REQUESTED, sourceHash, baseVersionId,
                    packagePath(versionId), lockfilePath(versionId), EXPIRES_AT, force));
            return this;
        }

        Recorded confirmed(String versionId, String sourceHash) {
            requested(versionId, sourceHash);
            byId.put(versionId, byId.get(versionId).withState(VersionState.CONFIRMED));
            confirmedBySourceHash.putIfAbsent(sourceHash, versionId);
            lastVersionNumber++;
            return this;
        }

        Recorded in(String versionId, VersionState state) {
            byId.put(versionId, byId.get(versionId).withState(state));
            return this;
        }

        Recorded active(String versionId) {
            activeVersionId = versionId;
            return this;
        }

        EntityVersions versions() {
            return new EntityVersions(ENTITY, byId, confirmedBySourceHash, lastVersionNumber, activeVersionId);
        }
    }

    private static Recorded recorded() {
        return new Recorded();
    }

    private static String packagePath(String versionId) {
        return "uploads/" + ENTITY + "/" + versionId + "/0123456789abcdef/package.tgz";
    }

    private static String lockfilePath(String versionId) {
        return "uploads/" + ENTITY + "/" + versionId + "/0123456789abcdef/package-lock.json";
    }

    // ---- the confirmation ----

    /** A confirmation of V1 that passes every rule unless a test changes it. */
    private static final class Confirmation {
        private String versionId = V1;
        private String sourceHash = HASH_1;
        private String storagePath = packagePath(V1);
        private long fileSizeBytes = SIZE;
        private Long storedSize = SIZE;
        private String packageSha256 = PACKAGE_SHA;
        private String lockfilePath;
        private String lockfileSha256;
        private List<String> serviceDependencies;
        private JsonNode packageJson;
        private ReleaseMetadata release;
        private boolean setAsActive;
        private boolean force;
        private Instant at = BEFORE_EXPIRY;

        Confirmation version(String id, String hash) {
            versionId = id;
            sourceHash = hash;
            storagePath = packagePath(id);
            return this;
        }

        Confirmation sourceHash(String hash) {
            sourceHash = hash;
            return this;
        }

        Confirmation storagePath(String path) {
            storagePath = path;
            return this;
        }

        /** The stated size, and what storage found: the stored size (null: nothing) and the digest (null: not released). */
        Confirmation stored(long stated, Long stored, String sha256) {
            fileSizeBytes = stated;
            storedSize = stored;
            packageSha256 = sha256;
            return this;
        }

        Confirmation lockfile(String path, String sha256) {
            lockfilePath = path;
            lockfileSha256 = sha256;
            return this;
        }

        Confirmation content(List<String> dependencies, JsonNode json, ReleaseMetadata metadata) {
            serviceDependencies = dependencies;
            packageJson = json;
            release = metadata;
            return this;
        }

        Confirmation setAsActive() {
            setAsActive = true;
            return this;
        }

        Confirmation forced() {
            force = true;
            return this;
        }

        Confirmation at(Instant when) {
            at = when;
            return this;
        }

        ConfirmUpload command() {
            return new ConfirmUpload(ENTITY, versionId, sourceHash,
                    new UploadedFiles(storagePath, fileSizeBytes, storedSize, packageSha256, lockfilePath,
                            lockfileSha256),
                    new ReleaseContent(serviceDependencies, packageJson, release), setAsActive, force, PUBLISHER, at);
        }
    }

    private static Confirmation confirmV1(UnaryOperator<Confirmation> change) {
        return change.apply(new Confirmation());
    }

    // ---- rejections: every rule, with the request field it names ----

    static Stream<Arguments> rejections() {
        return Stream.of(
                rejected("no upload was requested",
                        recorded(), confirmV1(c -> c),
                        Kind.INVALID, "upload_not_requested", "storage_path"),
                rejected("the upload expired and the path is not the issued one",
                        recorded().requested(V1, HASH_1).in(V1, VersionState.EXPIRED),
                        confirmV1(c -> c.storagePath(packagePath(V2))),
                        Kind.INVALID, "upload_not_requested", "storage_path"),
                rejected("the version is confirmed",
                        recorded().confirmed(V1, HASH_1), confirmV1(c -> c),
                        Kind.CONFLICT, "version_exists", "version"),
                rejected("the version is archived",
                        recorded().confirmed(V1, HASH_1).in(V1, VersionState.ARCHIVED), confirmV1(c -> c),
                        Kind.CONFLICT, "version_exists", "version"),
                rejected("the storage path is not the issued one",
                        recorded().requested(V1, HASH_1), confirmV1(c -> c.storagePath(packagePath(V2))),
                        Kind.INVALID, "storage_path_mismatch", "storage_path"),
                rejected("it is the deadline",
                        recorded().requested(V1, HASH_1), confirmV1(c -> c.at(EXPIRES_AT)),
                        Kind.GONE, "upload_expired", "storage_path"),
                rejected("the expiry was recorded",
                        recorded().requested(V1, HASH_1).in(V1, VersionState.EXPIRED), confirmV1(c -> c),
                        Kind.GONE, "upload_expired", "storage_path"),
                rejected("the source hash differs from the request",
                        recorded().requested(V1, HASH_1), confirmV1(c -> c.sourceHash(HASH_2)),
                        Kind.INVALID, "source_hash_mismatch", "source_hash"),
                rejected("nothing is stored",
                        recorded().requested(V1, HASH_1), confirmV1(c -> c.stored(SIZE, null, null)),
                        Kind.PRECONDITION_FAILED, "package_not_uploaded", "storage_path"),
                rejected("the stored size differs",
                        recorded().requested(V1, HASH_1), confirmV1(c -> c.stored(SIZE + 1, SIZE, null)),
                        Kind.INVALID, "file_size_mismatch", "file_size_bytes"),
                rejected("the package changed while it was released",
                        recorded().requested(V1, HASH_1), confirmV1(c -> c.stored(SIZE, SIZE, null)),
                        Kind.PRECONDITION_FAILED, "package_not_uploaded", "storage_path"),
                rejected("the lockfile path is not the issued one",
                        recorded().requested(V1, HASH_1), confirmV1(c -> c.lockfile(lockfilePath(V2), LOCKFILE_SHA)),
                        Kind.INVALID, "lockfile_path_mismatch", "package_lock_path"),
                rejected("the lockfile is not stored",
                        recorded().requested(V1, HASH_1), confirmV1(c -> c.lockfile(lockfilePath(V1), null)),
                        Kind.PRECONDITION_FAILED, "lockfile_not_uploaded", "package_lock_path"),
                rejected("another version was confirmed with the source hash meanwhile",
                        recorded().requested(V1, HASH_1).confirmed(V2, HASH_1), confirmV1(c -> c),
                        Kind.CONFLICT, "duplicate_source_hash", "source_hash"),
                rejected("the recorded base version is not confirmed",
                        recorded().requested(V2, HASH_1).requested(V1, HASH_1, V2, false), confirmV1(c -> c),
                        Kind.INVALID, "unknown_base_version", "base_version_id"),
                rejected("the first rule broken wins: expired before a wrong source hash",
                        recorded().requested(V1, HASH_1), confirmV1(c -> c.at(EXPIRES_AT).sourceHash(HASH_2)),
                        Kind.GONE, "upload_expired", "storage_path"),
                rejected("the first rule broken wins: nothing stored before a wrong lockfile path",
                        recorded().requested(V1, HASH_1),
                        confirmV1(c -> c.stored(SIZE, null, null).lockfile(lockfilePath(V2), null)),
                        Kind.PRECONDITION_FAILED, "package_not_uploaded", "storage_path"));
    }

    private static Arguments rejected(String when, Recorded given, Confirmation confirmation, Kind kind, String code,
                                      String field) {
        return Arguments.of(when, given.versions(), confirmation.command(), kind, code, field);
    }

    @ParameterizedTest(name = "{0}: {3} {4} on {5}")
    @MethodSource("rejections")
    void confirmUpload_isRejected(String when, EntityVersions given, ConfirmUpload command, Kind kind, String code,
                                  String field) {
        assertThatThrownBy(() -> ConfirmPolicy.decide(given, command))
                .isInstanceOfSatisfying(Rejection.class, rejection -> {
                    assertThat(rejection.kind()).isEqualTo(kind);
                    assertThat(rejection.code()).isEqualTo(code);
                    assertThat(rejection.field()).isEqualTo(field);
                    assertThat(rejection.getMessage()).isNotBlank();
                });
    }

    // ---- decisions ----

    private static VersionConfirmed plainlyConfirmed(String versionId, int versionNumber, String sourceHash) {
        return new Manifest(ENTITY, versionId, sourceHash, null, packagePath(versionId), SIZE, PACKAGE_SHA, null,
                null, List.of(), null, ReleaseMetadata.empty()).confirmed(versionNumber, "alice", BEFORE_EXPIRY);
    }

    @Test
    void confirmUpload_recordsVersionConfirmed_asTheNextVersionNumber() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().confirmed(V2, HASH_2).requested(V1, HASH_1).versions(), confirmV1(c -> c).command());

        assertThat(decision.events()).containsExactly(plainlyConfirmed(V1, 2, HASH_1));
    }

    @Test
    void confirmUpload_setAsActive_alsoRecordsTheActivation_withThePreviousVersion() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().confirmed(V2, HASH_2).active(V2).requested(V1, HASH_1).versions(),
                confirmV1(Confirmation::setAsActive).command());

        assertThat(decision.events()).containsExactly(plainlyConfirmed(V1, 2, HASH_1),
                new ActiveVersionChanged(ENTITY, V1, V2, "alice", BEFORE_EXPIRY));
    }

    @Test
    void confirmUpload_recordsTheManifest_withItsSha() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode packageJson = json.readTree("{\"name\":\"acme-widget\",\"version\":\"1.0.0\"}");
        ReleaseMetadata release = new ReleaseMetadata("First release", null, null, null, null, null,
                List.of("stable"));

        VersionConfirmed confirmed = ConfirmPolicy.decide(recorded().confirmed(V2, HASH_2)
                        .requested(V1, HASH_1, V2, false).versions(),
                confirmV1(c -> c.lockfile(lockfilePath(V1), LOCKFILE_SHA)
                        .content(List.of("billing"), packageJson, release)).command()).confirmed();

        Manifest manifest = new Manifest(ENTITY, V1, HASH_1, V2, packagePath(V1), SIZE, PACKAGE_SHA,
                lockfilePath(V1), LOCKFILE_SHA, List.of("billing"), packageJson, release);
        assertThat(confirmed).isEqualTo(manifest.confirmed(2, "alice", BEFORE_EXPIRY));
        assertThat(confirmed.manifestSha()).isEqualTo(ManifestSha.of(manifest));
    }

    @Test
    void confirmUpload_recordsNoLockfileDigest_whenNoLockfileIsNamed() {
        VersionConfirmed confirmed = ConfirmPolicy.decide(recorded().requested(V1, HASH_1).versions(),
                confirmV1(c -> c.lockfile(null, LOCKFILE_SHA)).command()).confirmed();

        assertThat(confirmed.packageLockPath()).isNull();
        assertThat(confirmed.lockfileSha256()).isNull();
    }

    @Test
    void confirmUpload_succeeds_despiteAConfirmedSourceHash_whenTheRequestWasForced() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().confirmed(V2, HASH_1).requested(V1, HASH_1, null, true).versions(),
                confirmV1(c -> c).command());

        assertThat(decision.confirmed().versionId()).isEqualTo(V1);
    }

    @Test
    void confirmUpload_succeeds_despiteAConfirmedSourceHash_whenTheConfirmationIsForced() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().requested(V1, HASH_1).confirmed(V2, HASH_1).versions(),
                confirmV1(Confirmation::forced).command());

        assertThat(decision.confirmed().versionId()).isEqualTo(V1);
    }

    @Test
    void confirmUpload_succeeds_justBeforeTheDeadline_andOnAnArchivedBase() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().confirmed(V2, HASH_2).in(V2, VersionState.ARCHIVED).requested(V1, HASH_1, V2, false)
                        .versions(),
                confirmV1(c -> c.at(EXPIRES_AT.minusMillis(1))).command());

        assertThat(decision.confirmed().version()).isEqualTo(2);
        assertThat(decision.activated()).isNull();
    }

    @Test
    void confirmUpload_ofAnotherVersion_isDecidedOnItsOwnRequest() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().requested(V1, HASH_1).requested(V2, HASH_2).versions(),
                confirmV1(c -> c.version(V2, HASH_2)).command());

        assertThat(decision.events()).containsExactly(plainlyConfirmed(V2, 1, HASH_2));
    }
}
