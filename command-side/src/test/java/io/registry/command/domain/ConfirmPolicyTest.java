package io.registry.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.command.domain.Commands.ConfirmUpload;
import io.registry.command.domain.Rejection.Kind;
import io.registry.events.ActiveVersionChanged;
import io.registry.events.ReleaseMetadata;
import io.registry.events.VersionConfirmed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.registry.command.domain.Uploads.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The confirmation rules decided alone, without Axon: given the versions an entity recorded and a confirmation,
 * expect the events to record, or the rejection with its code and the request field it names.
 * {@link PackageEntityTest} covers the same rules through the aggregate.
 */
class ConfirmPolicyTest {

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
            byId.put(versionId, VersionRecord.requested(sourceHash, baseVersionId,
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

    // ---- rejections: every rule, with the request field it names ----

    static Stream<Arguments> rejections() {
        return Stream.of(
                rejected("no upload was requested",
                        recorded(), confirmUpload(V1, HASH_1),
                        Kind.INVALID, "upload_not_requested", "storage_path"),
                rejected("the upload expired and the path is not the issued one",
                        recorded().requested(V1, HASH_1).in(V1, VersionState.EXPIRED),
                        confirmUpload(V1, HASH_1).storagePath(packagePath(V2)),
                        Kind.INVALID, "upload_not_requested", "storage_path"),
                rejected("the version is confirmed",
                        recorded().confirmed(V1, HASH_1), confirmUpload(V1, HASH_1),
                        Kind.CONFLICT, "version_exists", "version"),
                rejected("the version is archived",
                        recorded().confirmed(V1, HASH_1).in(V1, VersionState.ARCHIVED), confirmUpload(V1, HASH_1),
                        Kind.CONFLICT, "version_exists", "version"),
                rejected("the storage path is not the issued one",
                        recorded().requested(V1, HASH_1), confirmUpload(V1, HASH_1).storagePath(packagePath(V2)),
                        Kind.INVALID, "storage_path_mismatch", "storage_path"),
                rejected("it is the deadline",
                        recorded().requested(V1, HASH_1), confirmUpload(V1, HASH_1).at(EXPIRES_AT),
                        Kind.GONE, "upload_expired", "storage_path"),
                rejected("the expiry was recorded",
                        recorded().requested(V1, HASH_1).in(V1, VersionState.EXPIRED), confirmUpload(V1, HASH_1),
                        Kind.GONE, "upload_expired", "storage_path"),
                rejected("the source hash differs from the request",
                        recorded().requested(V1, HASH_1), confirmUpload(V1, HASH_2),
                        Kind.INVALID, "source_hash_mismatch", "source_hash"),
                rejected("nothing is stored",
                        recorded().requested(V1, HASH_1), confirmUpload(V1, HASH_1).nothingStored(),
                        Kind.PRECONDITION_FAILED, "package_not_uploaded", "storage_path"),
                rejected("the stored size differs",
                        recorded().requested(V1, HASH_1), confirmUpload(V1, HASH_1).fileSizeBytes(SIZE + 1, SIZE),
                        Kind.INVALID, "file_size_mismatch", "file_size_bytes"),
                rejected("the package changed while it was released",
                        recorded().requested(V1, HASH_1), confirmUpload(V1, HASH_1).notReleased(),
                        Kind.PRECONDITION_FAILED, "package_not_uploaded", "storage_path"),
                rejected("the lockfile path is not the issued one",
                        recorded().requested(V1, HASH_1), confirmUpload(V1, HASH_1).lockfile(lockfilePath(V2), true),
                        Kind.INVALID, "lockfile_path_mismatch", "package_lock_path"),
                rejected("the lockfile is not stored",
                        recorded().requested(V1, HASH_1), confirmUpload(V1, HASH_1).lockfile(lockfilePath(V1), false),
                        Kind.PRECONDITION_FAILED, "lockfile_not_uploaded", "package_lock_path"),
                rejected("another version was confirmed with the source hash meanwhile",
                        recorded().requested(V1, HASH_1).confirmed(V2, HASH_1), confirmUpload(V1, HASH_1),
                        Kind.CONFLICT, "duplicate_source_hash", "source_hash"),
                rejected("the recorded base version is not confirmed",
                        recorded().requested(V2, HASH_1).requested(V1, HASH_1, V2, false), confirmUpload(V1, HASH_1),
                        Kind.INVALID, "unknown_base_version", "base_version_id"),
                rejected("the first rule broken wins: expired before a wrong source hash",
                        recorded().requested(V1, HASH_1), confirmUpload(V1, HASH_2).at(EXPIRES_AT),
                        Kind.GONE, "upload_expired", "storage_path"),
                rejected("the first rule broken wins: nothing stored before a wrong lockfile path",
                        recorded().requested(V1, HASH_1),
                        confirmUpload(V1, HASH_1).nothingStored().lockfile(lockfilePath(V2), false),
                        Kind.PRECONDITION_FAILED, "package_not_uploaded", "storage_path"));
    }

    private static Arguments rejected(String when, Recorded given, Uploads.ConfirmUploadBuilder confirmation, Kind kind,
                                      String code,
                                      String field) {
        return Arguments.of(when, given.versions(), confirmation.build(), kind, code, field);
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
        return new VersionConfirmed(ENTITY, versionId, versionNumber, sourceHash, null, packagePath(versionId), SIZE,
                PACKAGE_SHA, null, null, List.of(), null, ManifestSha.of(plainManifest(versionId, sourceHash)),
                ReleaseMetadata.empty(), "alice", BEFORE_EXPIRY);
    }

    @Test
    void confirmUpload_recordsVersionConfirmed_asTheNextVersionNumber() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().confirmed(V2, HASH_2).requested(V1, HASH_1).versions(), confirmUpload(V1, HASH_1).build());

        assertThat(decision.events()).containsExactly(plainlyConfirmed(V1, 2, HASH_1));
    }

    @Test
    void confirmUpload_setAsActive_alsoRecordsTheActivation_withThePreviousVersion() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().confirmed(V2, HASH_2).active(V2).requested(V1, HASH_1).versions(),
                confirmUpload(V1, HASH_1).setAsActive().build());

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
                confirmUpload(V1, HASH_1).lockfile(lockfilePath(V1), true).serviceDependencies(List.of("billing"))
                        .packageJson(packageJson).release(release).build()).confirmed();

        Manifest manifest = new Manifest(ENTITY, V1, HASH_1, V2, packagePath(V1), SIZE, PACKAGE_SHA,
                lockfilePath(V1), LOCKFILE_SHA, List.of("billing"), packageJson, release);
        assertThat(confirmed).isEqualTo(manifest.confirmed(2, "alice", BEFORE_EXPIRY));
        assertThat(confirmed.manifestSha()).isEqualTo(ManifestSha.of(manifest));
    }

    @Test
    void confirmUpload_recordsNoLockfileDigest_whenNoLockfileIsNamed() {
        VersionConfirmed confirmed = ConfirmPolicy.decide(recorded().requested(V1, HASH_1).versions(),
                confirmUpload(V1, HASH_1).lockfile(null, true).build()).confirmed();

        assertThat(confirmed.packageLockPath()).isNull();
        assertThat(confirmed.lockfileSha256()).isNull();
    }

    @Test
    void confirmUpload_succeeds_despiteAConfirmedSourceHash_whenTheRequestWasForced() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().confirmed(V2, HASH_1).requested(V1, HASH_1, null, true).versions(),
                confirmUpload(V1, HASH_1).build());

        assertThat(decision.confirmed().versionId()).isEqualTo(V1);
    }

    @Test
    void confirmUpload_succeeds_despiteAConfirmedSourceHash_whenTheConfirmationIsForced() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().requested(V1, HASH_1).confirmed(V2, HASH_1).versions(),
                confirmUpload(V1, HASH_1).force().build());

        assertThat(decision.confirmed().versionId()).isEqualTo(V1);
    }

    @Test
    void confirmUpload_succeeds_justBeforeTheDeadline_andOnAnArchivedBase() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().confirmed(V2, HASH_2).in(V2, VersionState.ARCHIVED).requested(V1, HASH_1, V2, false)
                        .versions(),
                confirmUpload(V1, HASH_1).at(EXPIRES_AT.minusMillis(1)).build());

        assertThat(decision.confirmed().version()).isEqualTo(2);
        assertThat(decision.activated()).isNull();
    }

    @Test
    void confirmUpload_ofAnotherVersion_isDecidedOnItsOwnRequest() {
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(
                recorded().requested(V1, HASH_1).requested(V2, HASH_2).versions(),
                confirmUpload(V2, HASH_2).build());

        assertThat(decision.events()).containsExactly(plainlyConfirmed(V2, 1, HASH_2));
    }
}
