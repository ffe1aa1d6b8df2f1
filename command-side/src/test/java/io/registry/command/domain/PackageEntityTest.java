package io.registry.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.access.Caller;
import io.registry.command.domain.Commands.ArchiveVersion;
import io.registry.command.domain.Commands.ChangeStore;
import io.registry.command.domain.Commands.ConfirmUpload;
import io.registry.command.domain.Commands.CreateEntity;
import io.registry.command.domain.Commands.ExpireUpload;
import io.registry.command.domain.Commands.GrantPublisher;
import io.registry.command.domain.Commands.RequestUpload;
import io.registry.command.domain.Commands.RevokePublisher;
import io.registry.command.domain.Commands.SetActive;
import io.registry.command.domain.Commands.ShareEntity;
import io.registry.command.domain.Commands.UnshareEntity;
import io.registry.command.domain.Rejection.Kind;
import io.registry.command.domain.Results.Confirmed;
import io.registry.command.domain.Results.Done;
import io.registry.command.domain.Results.UploadTicket;
import io.registry.events.ActiveVersionChanged;
import io.registry.events.EntityCreated;
import io.registry.events.EntityShared;
import io.registry.events.EntityUnshared;
import io.registry.events.OwnerType;
import io.registry.events.PublisherGranted;
import io.registry.events.PublisherRevoked;
import io.registry.events.ReleaseMetadata;
import io.registry.events.Store;
import io.registry.events.StoreChanged;
import io.registry.events.UploadExpired;
import io.registry.events.UploadRequested;
import io.registry.events.VersionArchived;
import io.registry.events.ChannelRemoved;
import io.registry.events.ChannelSet;
import io.registry.events.ChannelTarget;
import io.registry.events.RetentionPolicy;
import io.registry.events.RetentionPolicySet;
import io.registry.command.domain.Commands.PlanRetention;
import io.registry.command.domain.Commands.RemoveChannel;
import io.registry.command.domain.Commands.SetChannel;
import io.registry.command.domain.Commands.SetRetentionPolicy;
import io.registry.command.domain.Results.RetentionPlan;
import io.registry.events.VersionConfirmed;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static io.registry.command.domain.Uploads.*;

/**
 * The entity aggregate as a specification: given recorded events, when a command arrives, expect the
 * events it records (or none) and what it answers, or the rejection with its stable code.
 */
class PackageEntityTest {

    private static final String ZONE = "zone-eu";
    private static final String OTHER_ORG = "org-other";
    private static final Instant CREATED_AT = Instant.parse("2024-06-10T15:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private FixtureConfiguration<PackageEntity> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PackageEntity.class);
    }

    // ---- callers ----

    /** Creates the entities below, hence their first publisher. */
    private static Caller aPublisher() {
        return PUBLISHER;
    }

    /** A member of the owning organization who is not a publisher. */
    private static Caller aColleague() {
        return new Caller("bob", ORG, Set.of());
    }

    /** Another organization's user, not a publisher and not shared with. */
    private static Caller anOutsider() {
        return new Caller("mallory", OTHER_ORG, Set.of());
    }

    /** Another organization's user that entities get shared with. */
    private static Caller aGuest() {
        return new Caller("carol", OTHER_ORG, Set.of());
    }

    private static Caller anAdmin() {
        return new Caller("root", "org-platform", Set.of("admin"));
    }

    // ---- recorded facts ----

    private static EntityCreated anEntityInOrgStore() {
        return entityCreated(OwnerType.CUSTOMER, Store.ORG, aPublisher());
    }

    private static EntityCreated anEntityInPrivateStore() {
        return entityCreated(OwnerType.CUSTOMER, Store.PRIVATE, aPublisher());
    }

    private static EntityCreated anEntityInPublicStore() {
        return entityCreated(OwnerType.CUSTOMER, Store.PUBLIC, aPublisher());
    }

    private static EntityCreated aPlatformEntityInPublicStore() {
        return entityCreated(OwnerType.PLATFORM, Store.PUBLIC, anAdmin());
    }

    private static EntityCreated entityCreated(OwnerType ownerType, Store store, Caller creator) {
        return new EntityCreated(ENTITY, ZONE, "Acme widget", "Renders widgets", "https://icons.example/w.png",
                ownerType, ORG, store, creator.userId(), CREATED_AT);
    }

    private static PublisherGranted publisherGranted(Caller user) {
        return new PublisherGranted(ENTITY, user.userId(), aPublisher().userId(), CREATED_AT);
    }

    private static UploadRequested uploadRequested(String versionId, String sourceHash) {
        return uploadRequested(versionId, sourceHash, null, false);
    }

    private static UploadRequested uploadRequested(String versionId, String sourceHash, String baseVersionId,
                                                   boolean force) {
        return new UploadRequested(ENTITY, versionId, sourceHash, baseVersionId, packagePath(versionId),
                lockfilePath(versionId), force, EXPIRES_AT, aPublisher().userId(), REQUESTED_AT);
    }

    private static VersionConfirmed versionConfirmed(String versionId, int number, String sourceHash) {
        return new VersionConfirmed(ENTITY, versionId, number, sourceHash, null, packagePath(versionId), SIZE,
                PACKAGE_SHA, null, null, List.of(), null, "recorded-manifest-sha", ReleaseMetadata.empty(),
                aPublisher().userId(), BEFORE_EXPIRY);
    }

    /** A version that was requested and confirmed: two events. */
    private static Object[] aConfirmedVersion(String versionId, int number, String sourceHash) {
        return new Object[]{uploadRequested(versionId, sourceHash), versionConfirmed(versionId, number, sourceHash)};
    }

    private static ActiveVersionChanged activated(String versionId, String previousVersionId) {
        return new ActiveVersionChanged(ENTITY, versionId, previousVersionId, aPublisher().userId(), BEFORE_EXPIRY);
    }

    private static VersionArchived archived(String versionId) {
        return new VersionArchived(ENTITY, versionId, aPublisher().userId(), BEFORE_EXPIRY, null);
    }

    private static UploadExpired expired(String versionId) {
        return new UploadExpired(ENTITY, versionId, packagePath(versionId), lockfilePath(versionId), EXPIRES_AT);
    }

    // ---- commands ----

    private static RequestUpload requestUpload(String versionId, String sourceHash, Caller caller) {
        return new RequestUpload(ENTITY, versionId, sourceHash, null, false, packagePath(versionId),
                lockfilePath(versionId), EXPIRES_AT, caller, REQUESTED_AT);
    }

    /** The event a plain confirmation (no lockfile, dependencies, package_json or release) records. */
    private static VersionConfirmed plainlyConfirmed(String versionId, int versionNumber, String sourceHash) {
        return new VersionConfirmed(ENTITY, versionId, versionNumber, sourceHash, null, packagePath(versionId), SIZE,
                PACKAGE_SHA, null, null, List.of(), null, plainManifestSha(versionId, sourceHash),
                ReleaseMetadata.empty(), aPublisher().userId(), BEFORE_EXPIRY);
    }

    private static String plainManifestSha(String versionId, String sourceHash) {
        return ManifestSha.of(plainManifest(versionId, sourceHash));
    }

    // ---- rejections ----

    private static Matcher<Rejection> rejectedWith(Kind kind, String code) {
        return rejectedWith(kind, code, null);
    }

    private static Matcher<Rejection> rejectedWith(Kind kind, String code, String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Rejection rejection) {
                return rejection.kind() == kind && rejection.code().equals(code)
                        && Objects.equals(rejection.field(), field);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a Rejection " + kind + " " + code + (field == null ? "" : " on " + field));
            }

            @Override
            protected void describeMismatchSafely(Rejection rejection, Description description) {
                description.appendText("was " + rejection.kind() + " " + rejection.code() + " on "
                        + rejection.field() + ": " + rejection.getMessage());
            }
        };
    }

    private static Matcher<Rejection> entityNotFound() {
        return rejectedWith(Kind.NOT_FOUND, "entity_not_found");
    }

    private static Matcher<Rejection> publisherRoleRequired() {
        return rejectedWith(Kind.FORBIDDEN, "publisher_role_required");
    }

    // =====================================================================================================

    @Nested
    class CreatingAnEntity {

        private CreateEntity createEntity(OwnerType ownerType, Caller caller) {
            return createEntity(ownerType, ORG, caller);
        }

        private CreateEntity createEntity(OwnerType ownerType, String organizationId, Caller caller) {
            return new CreateEntity(ENTITY, ZONE, "Acme widget", "Renders widgets", "https://icons.example/w.png",
                    ownerType, organizationId, Store.ORG, caller, CREATED_AT);
        }

        @Test
        void createEntity_recordsEntityCreated_withTheCreatorAsPublisher() {
            fixture.givenNoPriorActivity()
                    .when(createEntity(OwnerType.CUSTOMER, aPublisher()))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(anEntityInOrgStore());
        }

        @Test
        void createEntity_makesTheCreatorAPublisher() {
            fixture.givenCommands(createEntity(OwnerType.CUSTOMER, aPublisher()))
                    .when(new GrantPublisher(ENTITY, aColleague().userId(), aPublisher(), LATER))
                    .expectEvents(new PublisherGranted(ENTITY, "bob", "alice", LATER));
        }

        @Test
        void createEntity_recordsAPlatformEntity_whenTheCreatorIsAnAdmin() {
            fixture.givenNoPriorActivity()
                    .when(createEntity(OwnerType.PLATFORM, anAdmin()))
                    .expectEvents(entityCreated(OwnerType.PLATFORM, Store.ORG, anAdmin()));
        }

        @Test
        void createEntity_fails_withForbidden_whenANonAdminCreatesAPlatformEntity() {
            fixture.givenNoPriorActivity()
                    .when(createEntity(OwnerType.PLATFORM, aPublisher()))
                    .expectException(rejectedWith(Kind.FORBIDDEN, "admin_role_required", "owner_type"))
                    .expectNoEvents();
        }

        @Test
        void createEntity_fails_withForbidden_whenANonAdminCreatesForAnotherOrganization() {
            fixture.givenNoPriorActivity()
                    .when(createEntity(OwnerType.CUSTOMER, OTHER_ORG, aPublisher()))
                    .expectException(rejectedWith(Kind.FORBIDDEN, "foreign_organization"))
                    .expectNoEvents();
        }

        @Test
        void createEntity_refusesAForeignOrganization_beforeAPlatformOwner() {
            fixture.givenNoPriorActivity()
                    .when(createEntity(OwnerType.PLATFORM, OTHER_ORG, aPublisher()))
                    .expectException(rejectedWith(Kind.FORBIDDEN, "foreign_organization"));
        }

        @Test
        void createEntity_recordsAnEntityOfAnotherOrganization_whenTheCreatorIsAnAdmin() {
            fixture.givenNoPriorActivity()
                    .when(createEntity(OwnerType.CUSTOMER, ORG, anAdmin()))
                    .expectEvents(entityCreated(OwnerType.CUSTOMER, Store.ORG, anAdmin()));
        }
    }

    @Nested
    class GrantingAPublisher {

        @Test
        void grantPublisher_recordsPublisherGranted() {
            fixture.given(anEntityInOrgStore())
                    .when(new GrantPublisher(ENTITY, "bob", aPublisher(), LATER))
                    .expectEvents(new PublisherGranted(ENTITY, "bob", "alice", LATER))
                    .expectResultMessagePayload(new Done(ENTITY, 1));
        }

        @Test
        void grantPublisher_recordsNothing_whenTheUserIsAlreadyAPublisher() {
            fixture.given(anEntityInOrgStore(), publisherGranted(aColleague()))
                    .when(new GrantPublisher(ENTITY, "bob", aPublisher(), LATER))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Done(ENTITY, 1));
        }

        @Test
        void grantPublisher_isAllowedToAnAdminWhoIsNotAPublisher() {
            fixture.given(anEntityInPrivateStore())
                    .when(new GrantPublisher(ENTITY, "bob", anAdmin(), LATER))
                    .expectEvents(new PublisherGranted(ENTITY, "bob", "root", LATER));
        }

        @Test
        void grantedPublisher_mayPublish() {
            fixture.given(anEntityInOrgStore(), publisherGranted(aColleague()))
                    .when(new ChangeStore(ENTITY, Store.PUBLIC, aColleague(), LATER))
                    .expectEvents(new StoreChanged(ENTITY, Store.PUBLIC, Store.ORG, "bob", LATER));
        }

        @Test
        void grantPublisher_fails_withNotFound_whenTheCallerMayNotRead() {
            fixture.given(anEntityInPrivateStore())
                    .when(new GrantPublisher(ENTITY, "mallory", anOutsider(), LATER))
                    .expectException(entityNotFound())
                    .expectNoEvents();
        }

        @Test
        void grantPublisher_fails_withForbidden_whenTheCallerIsOnlyAReader() {
            fixture.given(anEntityInOrgStore())
                    .when(new GrantPublisher(ENTITY, "bob", aColleague(), LATER))
                    .expectException(publisherRoleRequired())
                    .expectNoEvents();
        }
    }

    @Nested
    class RevokingAPublisher {

        @Test
        void revokePublisher_recordsPublisherRevoked() {
            fixture.given(anEntityInOrgStore(), publisherGranted(aColleague()))
                    .when(new RevokePublisher(ENTITY, "bob", aPublisher(), LATER))
                    .expectEvents(new PublisherRevoked(ENTITY, "bob", "alice", LATER))
                    .expectResultMessagePayload(new Done(ENTITY, 2));
        }

        @Test
        void revokePublisher_recordsNothing_whenTheUserIsNotAPublisher() {
            fixture.given(anEntityInOrgStore())
                    .when(new RevokePublisher(ENTITY, "bob", aPublisher(), LATER))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Done(ENTITY, 0));
        }

        @Test
        void revokedPublisher_isOnlyAReaderAgain() {
            fixture.given(anEntityInOrgStore(), publisherGranted(aColleague()),
                            new PublisherRevoked(ENTITY, "bob", "alice", LATER))
                    .when(new ChangeStore(ENTITY, Store.PUBLIC, aColleague(), LATER))
                    .expectException(publisherRoleRequired());
        }

        @Test
        void revokePublisher_fails_withConflict_whenRevokingTheLastPublisher() {
            fixture.given(anEntityInOrgStore())
                    .when(new RevokePublisher(ENTITY, "alice", aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.CONFLICT, "last_publisher"))
                    .expectNoEvents();
        }

        @Test
        void revokePublisher_fails_withNotFound_whenTheCallerMayNotRead() {
            fixture.given(anEntityInOrgStore())
                    .when(new RevokePublisher(ENTITY, "alice", anOutsider(), LATER))
                    .expectException(entityNotFound());
        }

        @Test
        void revokePublisher_fails_withForbidden_whenTheCallerIsOnlyAReader() {
            fixture.given(anEntityInOrgStore(), publisherGranted(aGuest()))
                    .when(new RevokePublisher(ENTITY, "carol", aColleague(), LATER))
                    .expectException(publisherRoleRequired());
        }
    }

    @Nested
    class SharingAnEntity {

        @Test
        void shareEntity_recordsEntityShared() {
            fixture.given(anEntityInPrivateStore())
                    .when(new ShareEntity(ENTITY, "carol", aPublisher(), LATER))
                    .expectEvents(new EntityShared(ENTITY, "carol", "alice", LATER))
                    .expectResultMessagePayload(new Done(ENTITY, 1));
        }

        @Test
        void shareEntity_recordsNothing_whenAlreadyShared() {
            fixture.given(anEntityInPrivateStore(), new EntityShared(ENTITY, "carol", "alice", CREATED_AT))
                    .when(new ShareEntity(ENTITY, "carol", aPublisher(), LATER))
                    .expectNoEvents();
        }

        @Test
        void sharedUser_mayRead_butNotPublish() {
            fixture.given(anEntityInPrivateStore(), new EntityShared(ENTITY, "carol", "alice", CREATED_AT))
                    .when(new ShareEntity(ENTITY, "dave", aGuest(), LATER))
                    .expectException(publisherRoleRequired());
        }

        @Test
        void shareEntity_fails_withNotFound_whenTheCallerMayNotRead() {
            fixture.given(anEntityInPrivateStore())
                    .when(new ShareEntity(ENTITY, "mallory", anOutsider(), LATER))
                    .expectException(entityNotFound());
        }

        @Test
        void shareEntity_fails_withNotFound_forOrgMembers_whenTheStoreIsPrivate() {
            fixture.given(anEntityInPrivateStore())
                    .when(new ShareEntity(ENTITY, "bob", aColleague(), LATER))
                    .expectException(entityNotFound());
        }
    }

    @Nested
    class UnsharingAnEntity {

        @Test
        void unshareEntity_recordsEntityUnshared() {
            fixture.given(anEntityInPrivateStore(), new EntityShared(ENTITY, "carol", "alice", CREATED_AT))
                    .when(new UnshareEntity(ENTITY, "carol", aPublisher(), LATER))
                    .expectEvents(new EntityUnshared(ENTITY, "carol", "alice", LATER))
                    .expectResultMessagePayload(new Done(ENTITY, 2));
        }

        @Test
        void unshareEntity_recordsNothing_whenNotShared() {
            fixture.given(anEntityInPrivateStore())
                    .when(new UnshareEntity(ENTITY, "carol", aPublisher(), LATER))
                    .expectNoEvents();
        }

        @Test
        void unsharedUser_getsNotFound() {
            fixture.given(anEntityInPrivateStore(), new EntityShared(ENTITY, "carol", "alice", CREATED_AT),
                            new EntityUnshared(ENTITY, "carol", "alice", CREATED_AT))
                    .when(new ShareEntity(ENTITY, "dave", aGuest(), LATER))
                    .expectException(entityNotFound());
        }

        @Test
        void unshareEntity_fails_withForbidden_whenTheCallerIsOnlyAReader() {
            fixture.given(anEntityInPublicStore(), new EntityShared(ENTITY, "carol", "alice", CREATED_AT))
                    .when(new UnshareEntity(ENTITY, "carol", anOutsider(), LATER))
                    .expectException(publisherRoleRequired());
        }
    }

    @Nested
    class ChangingTheStore {

        @Test
        void changeStore_recordsStoreChanged_withThePreviousStore() {
            fixture.given(anEntityInOrgStore())
                    .when(new ChangeStore(ENTITY, Store.PRIVATE, aPublisher(), LATER))
                    .expectEvents(new StoreChanged(ENTITY, Store.PRIVATE, Store.ORG, "alice", LATER))
                    .expectResultMessagePayload(new Done(ENTITY, 1));
        }

        @Test
        void changeStore_recordsNothing_whenTheStoreIsUnchanged() {
            fixture.given(anEntityInOrgStore())
                    .when(new ChangeStore(ENTITY, Store.ORG, aPublisher(), LATER))
                    .expectNoEvents();
        }

        @Test
        void changeStore_toPrivate_hidesTheEntityFromOrgMembers() {
            fixture.given(anEntityInOrgStore(), new StoreChanged(ENTITY, Store.PRIVATE, Store.ORG, "alice", LATER))
                    .when(new ChangeStore(ENTITY, Store.PUBLIC, aColleague(), LATER))
                    .expectException(entityNotFound());
        }

        @Test
        void changeStore_toPublic_letsAnyoneRead() {
            fixture.given(anEntityInPrivateStore(), new StoreChanged(ENTITY, Store.PUBLIC, Store.PRIVATE, "alice",
                            LATER))
                    .when(new ChangeStore(ENTITY, Store.PRIVATE, anOutsider(), LATER))
                    .expectException(publisherRoleRequired());
        }

        @Test
        void changeStore_fails_withForbidden_whenTheCallerIsOnlyAReader() {
            fixture.given(anEntityInPublicStore())
                    .when(new ChangeStore(ENTITY, Store.PRIVATE, anOutsider(), LATER))
                    .expectException(publisherRoleRequired())
                    .expectNoEvents();
        }

        @Test
        void changeStore_fails_withNotFound_whenTheCallerIsInAnotherOrganization() {
            fixture.given(anEntityInOrgStore())
                    .when(new ChangeStore(ENTITY, Store.PUBLIC, anOutsider(), LATER))
                    .expectException(entityNotFound());
        }

        @Test
        void changeStore_fails_withForbidden_onAPlatformEntity_whenThePublisherIsNotAnAdmin() {
            fixture.given(aPlatformEntityInPublicStore(), publisherGranted(aPublisher()))
                    .when(new ChangeStore(ENTITY, Store.PRIVATE, aPublisher(), LATER))
                    .expectException(publisherRoleRequired())
                    .expectNoEvents();
        }

        @Test
        void changeStore_onAPlatformEntity_byAnAdmin_recordsStoreChanged() {
            fixture.given(aPlatformEntityInPublicStore(), publisherGranted(aPublisher()))
                    .when(new ChangeStore(ENTITY, Store.PRIVATE, anAdmin(), LATER))
                    .expectEvents(new StoreChanged(ENTITY, Store.PRIVATE, Store.PUBLIC, "root", LATER));
        }
    }

    @Nested
    class RequestingAnUpload {

        @Test
        void requestUpload_recordsUploadRequested_andAnswersWithATicket() {
            fixture.given(anEntityInOrgStore())
                    .when(requestUpload(V1, HASH_1, aPublisher()))
                    .expectEvents(uploadRequested(V1, HASH_1))
                    .expectResultMessagePayload(new UploadTicket(ENTITY, V1, packagePath(V1), lockfilePath(V1),
                            EXPIRES_AT, null, 1));
        }

        @Test
        void requestUpload_isNotDeduplicated_whenTheSourceHashIsNew() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(requestUpload(V2, HASH_2, aPublisher()))
                    .expectEvents(uploadRequested(V2, HASH_2))
                    .expectResultMessagePayloadMatching(ticket(false, V2));
        }

        @Test
        void requestUpload_recordsTheBaseVersion_whenItIsConfirmed() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new RequestUpload(ENTITY, V2, HASH_2, V1, false, packagePath(V2), lockfilePath(V2),
                            EXPIRES_AT, aPublisher(), REQUESTED_AT))
                    .expectEvents(uploadRequested(V2, HASH_2, V1, false));
        }

        @Test
        void requestUpload_acceptsAnArchivedBaseVersion() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(archived(V1))
                    .when(new RequestUpload(ENTITY, V2, HASH_2, V1, false, packagePath(V2), lockfilePath(V2),
                            EXPIRES_AT, aPublisher(), REQUESTED_AT))
                    .expectEvents(uploadRequested(V2, HASH_2, V1, false));
        }

        @Test
        void requestUpload_returnsTheExistingVersion_withoutAnEvent_whenTheSourceHashIsAlreadyConfirmed() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(requestUpload(V2, HASH_1, aPublisher()))
                    .expectNoEvents()
                    .expectResultMessagePayload(new UploadTicket(ENTITY, V1, null, null, null, V1, 2))
                    .expectResultMessagePayloadMatching(ticket(true, V1));
        }

        @Test
        void requestUpload_recordsUploadRequested_whenForced_despiteAConfirmedSourceHash() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new RequestUpload(ENTITY, V2, HASH_1, null, true, packagePath(V2), lockfilePath(V2),
                            EXPIRES_AT, aPublisher(), REQUESTED_AT))
                    .expectEvents(uploadRequested(V2, HASH_1, null, true))
                    .expectResultMessagePayloadMatching(ticket(false, V2));
        }

        @Test
        void requestUpload_reissuesTheTicket_whenTheVersionIsStillRequested() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(requestUpload(V1, HASH_2, aPublisher()))
                    .expectEvents(uploadRequested(V1, HASH_2));
        }

        @Test
        void requestUpload_reissuesTheTicket_whenTheUploadExpired() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1), expired(V1))
                    .when(requestUpload(V1, HASH_1, aPublisher()))
                    .expectEvents(uploadRequested(V1, HASH_1));
        }

        @Test
        void requestUpload_fails_withConflict_whenTheVersionIsConfirmed() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(requestUpload(V1, HASH_2, aPublisher()))
                    .expectException(rejectedWith(Kind.CONFLICT, "version_exists", "version"))
                    .expectNoEvents();
        }

        @Test
        void requestUpload_fails_withConflict_whenTheVersionIsArchived() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(archived(V1))
                    .when(requestUpload(V1, HASH_2, aPublisher()))
                    .expectException(rejectedWith(Kind.CONFLICT, "version_exists", "version"));
        }

        @Test
        void requestUpload_fails_withInvalid_whenTheBaseVersionIsUnknown() {
            fixture.given(anEntityInOrgStore())
                    .when(new RequestUpload(ENTITY, V2, HASH_2, UNKNOWN_VERSION, false, packagePath(V2),
                            lockfilePath(V2), EXPIRES_AT, aPublisher(), REQUESTED_AT))
                    .expectException(rejectedWith(Kind.INVALID, "unknown_base_version", "base_version_id"))
                    .expectNoEvents();
        }

        @Test
        void requestUpload_fails_withInvalid_whenTheBaseVersionIsOnlyRequested() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(new RequestUpload(ENTITY, V2, HASH_2, V1, false, packagePath(V2), lockfilePath(V2),
                            EXPIRES_AT, aPublisher(), REQUESTED_AT))
                    .expectException(rejectedWith(Kind.INVALID, "unknown_base_version", "base_version_id"));
        }

        @Test
        void requestUpload_fails_withInvalid_whenTheBaseVersionExpired() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1), expired(V1))
                    .when(new RequestUpload(ENTITY, V2, HASH_2, V1, false, packagePath(V2), lockfilePath(V2),
                            EXPIRES_AT, aPublisher(), REQUESTED_AT))
                    .expectException(rejectedWith(Kind.INVALID, "unknown_base_version", "base_version_id"));
        }

        @Test
        void requestUpload_fails_withNotFound_whenTheCallerMayNotRead_evenForAKnownSourceHash() {
            fixture.given(anEntityInPrivateStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(requestUpload(V2, HASH_1, anOutsider()))
                    .expectException(entityNotFound());
        }

        @Test
        void requestUpload_fails_withForbidden_whenTheCallerIsOnlyAReader() {
            fixture.given(anEntityInOrgStore())
                    .when(requestUpload(V1, HASH_1, aColleague()))
                    .expectException(publisherRoleRequired());
        }

        private Matcher<UploadTicket> ticket(boolean deduplicated, String versionId) {
            return new TypeSafeMatcher<>() {
                @Override
                protected boolean matchesSafely(UploadTicket ticket) {
                    return ticket.deduplicated() == deduplicated && ticket.versionId().equals(versionId);
                }

                @Override
                public void describeTo(Description description) {
                    description.appendText("a ticket for " + versionId + " with deduplicated=" + deduplicated);
                }
            };
        }
    }

    @Nested
    class ConfirmingAnUpload {

        @Test
        void confirmUpload_recordsVersionConfirmed_asVersion1() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).build())
                    .expectEvents(plainlyConfirmed(V1, 1, HASH_1))
                    .expectResultMessagePayload(new Confirmed(ENTITY, V1, 1, plainManifestSha(V1, HASH_1), PACKAGE_SHA, null, false, 2));
        }

        @Test
        void confirmUpload_numbersVersions_1_2_3() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .andGiven(uploadRequested(V3, HASH_3))
                    .when(confirmUpload(V3, HASH_3).build())
                    .expectEvents(plainlyConfirmed(V3, 3, HASH_3))
                    .expectResultMessagePayload(new Confirmed(ENTITY, V3, 3, plainManifestSha(V3, HASH_3), PACKAGE_SHA, null, false, 6));
        }

        @Test
        void confirmUpload_numbersVersions_1_2_3_whenDrivenByCommands() {
            fixture.givenCommands(
                            new CreateEntity(ENTITY, ZONE, "Acme widget", null, null, OwnerType.CUSTOMER, ORG,
                                    Store.ORG, aPublisher(), CREATED_AT),
                            requestUpload(V1, HASH_1, aPublisher()), confirmUpload(V1, HASH_1).build(),
                            requestUpload(V2, HASH_2, aPublisher()), confirmUpload(V2, HASH_2).setAsActive().build(),
                            requestUpload(V3, HASH_3, aPublisher()))
                    .when(confirmUpload(V3, HASH_3).build())
                    .expectEvents(plainlyConfirmed(V3, 3, HASH_3))
                    .expectResultMessagePayload(new Confirmed(ENTITY, V3, 3, plainManifestSha(V3, HASH_3), PACKAGE_SHA, null, false, 7));
        }

        @Test
        void confirmUpload_numbersVersionsInOrderOfConfirmation_notOfRequest() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(uploadRequested(V2, HASH_2), uploadRequested(V3, HASH_3))
                    .when(confirmUpload(V3, HASH_3).build())
                    .expectEvents(plainlyConfirmed(V3, 2, HASH_3));
        }

        @Test
        void confirmUpload_numbersArchivedVersionsToo() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(archived(V1), uploadRequested(V2, HASH_2))
                    .when(confirmUpload(V2, HASH_2).build())
                    .expectEvents(plainlyConfirmed(V2, 2, HASH_2));
        }

        @Test
        void confirmUpload_setAsActive_recordsVersionConfirmed_andActiveVersionChanged() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).setAsActive().build())
                    .expectEvents(plainlyConfirmed(V1, 1, HASH_1),
                            new ActiveVersionChanged(ENTITY, V1, null, "alice", BEFORE_EXPIRY))
                    .expectResultMessagePayload(new Confirmed(ENTITY, V1, 1, plainManifestSha(V1, HASH_1), PACKAGE_SHA, null, true, 3));
        }

        @Test
        void confirmUpload_setAsActive_namesThePreviouslyActiveVersion() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(activated(V1, null), uploadRequested(V2, HASH_2))
                    .when(confirmUpload(V2, HASH_2).setAsActive().build())
                    .expectEvents(plainlyConfirmed(V2, 2, HASH_2),
                            new ActiveVersionChanged(ENTITY, V2, V1, "alice", BEFORE_EXPIRY));
        }

        @Test
        void confirmUpload_carriesReleaseMetadata_lockfile_dependencies_andPackageJson() throws Exception {
            JsonNode packageJson = JSON.readTree("{\"name\":\"acme-widget\",\"version\":\"1.0.0\"}");
            ReleaseMetadata release = new ReleaseMetadata("First release", "https://icons.example/v1.png",
                    JSON.readTree("{\"schema\":{\"type\":\"object\"}}"),
                    JSON.readTree("{\"schema\":{\"type\":\"object\",\"properties\":{}}}"),
                    JSON.readTree("{\"docs\":\"https://docs.example\"}"),
                    JSON.readTree("{\"urn:acme:tier\":\"gold\"}"),
                    List.of("stable", "ui"));
            List<String> dependencies = List.of("billing", "auth");
            String manifestSha = ManifestSha.of(new Manifest(ENTITY, V1, HASH_1, null, packagePath(V1), SIZE,
                    PACKAGE_SHA, lockfilePath(V1), LOCKFILE_SHA, dependencies, packageJson, release));

            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).lockfile(lockfilePath(V1), true).serviceDependencies(dependencies)
                            .packageJson(packageJson).release(release).build())
                    .expectEvents(new VersionConfirmed(ENTITY, V1, 1, HASH_1, null, packagePath(V1), SIZE,
                            PACKAGE_SHA, lockfilePath(V1), LOCKFILE_SHA, dependencies, packageJson, manifestSha,
                            release, "alice", BEFORE_EXPIRY))
                    .expectResultMessagePayload(new Confirmed(ENTITY, V1, 1, manifestSha, PACKAGE_SHA, LOCKFILE_SHA,
                            false, 2));
        }

        @Test
        void confirmUpload_recordsTheBaseVersionGivenAtRequest() {
            String manifestSha = ManifestSha.of(new Manifest(ENTITY, V2, HASH_2, V1, packagePath(V2), SIZE,
                    PACKAGE_SHA, null, null, List.of(), null, ReleaseMetadata.empty()));
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(uploadRequested(V2, HASH_2, V1, false))
                    .when(confirmUpload(V2, HASH_2).build())
                    .expectEvents(new VersionConfirmed(ENTITY, V2, 2, HASH_2, V1, packagePath(V2), SIZE, PACKAGE_SHA,
                            null, null, List.of(), null, manifestSha, ReleaseMetadata.empty(), "alice",
                            BEFORE_EXPIRY));
        }

        @Test
        void confirmUpload_succeeds_whenTheRequestWasForced_despiteAConfirmedSourceHash() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(uploadRequested(V2, HASH_1, null, true))
                    .when(confirmUpload(V2, HASH_1).build())
                    .expectEvents(plainlyConfirmed(V2, 2, HASH_1));
        }

        @Test
        void confirmUpload_succeeds_whenForced_despiteAConfirmedSourceHash() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V2, HASH_1))
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(confirmUpload(V2, HASH_1).force().build())
                    .expectEvents(plainlyConfirmed(V2, 2, HASH_1));
        }

        @Test
        void confirmUpload_fails_withConflict_whenAnotherVersionWithTheSourceHashWasConfirmedMeanwhile() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V2, HASH_1))
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(confirmUpload(V2, HASH_1).build())
                    .expectException(rejectedWith(Kind.CONFLICT, "duplicate_source_hash", "source_hash"))
                    .expectNoEvents();
        }

        @Test
        void confirmUpload_fails_withInvalid_whenNoUploadWasRequested() {
            fixture.given(anEntityInOrgStore())
                    .when(confirmUpload(V1, HASH_1).build())
                    .expectException(rejectedWith(Kind.INVALID, "upload_not_requested", "storage_path"))
                    .expectNoEvents();
        }

        @Test
        void confirmUpload_fails_withInvalid_whenTheUploadExpiredAndThePathIsNotTheIssuedOne() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1), expired(V1))
                    .when(confirmUpload(V1, HASH_1).storagePath(packagePath(V2)).build())
                    .expectException(rejectedWith(Kind.INVALID, "upload_not_requested", "storage_path"));
        }

        @Test
        void confirmUpload_fails_withConflict_whenTheVersionIsAlreadyConfirmed() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).build())
                    .expectException(rejectedWith(Kind.CONFLICT, "version_exists", "version"))
                    .expectNoEvents();
        }

        @Test
        void confirmUpload_fails_withConflict_whenTheVersionIsArchived() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(archived(V1))
                    .when(confirmUpload(V1, HASH_1).build())
                    .expectException(rejectedWith(Kind.CONFLICT, "version_exists", "version"));
        }

        @Test
        void confirmUpload_fails_withInvalid_whenTheStoragePathIsNotTheIssuedOne() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).storagePath(packagePath(V2)).build())
                    .expectException(rejectedWith(Kind.INVALID, "storage_path_mismatch", "storage_path"));
        }

        @Test
        void confirmUpload_fails_withGone_whenExpired() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).at(LATER).build())
                    .expectException(rejectedWith(Kind.GONE, "upload_expired", "storage_path"))
                    .expectNoEvents();
        }

        @Test
        void confirmUpload_fails_withGone_exactlyAtTheDeadline() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).at(EXPIRES_AT).build())
                    .expectException(rejectedWith(Kind.GONE, "upload_expired", "storage_path"));
        }

        @Test
        void confirmUpload_succeeds_justBeforeTheDeadline() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).at(EXPIRES_AT.minusMillis(1)).build())
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayloadMatching(confirmedAs(1));
        }

        @Test
        void confirmUpload_fails_withGone_whenTheExpiryWasRecorded() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1), expired(V1))
                    .when(confirmUpload(V1, HASH_1).build())
                    .expectException(rejectedWith(Kind.GONE, "upload_expired", "storage_path"));
        }

        @Test
        void confirmUpload_succeeds_afterTheExpiredUploadWasRequestedAgain() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1), expired(V1), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).build())
                    .expectEvents(plainlyConfirmed(V1, 1, HASH_1));
        }

        @Test
        void confirmUpload_fails_withInvalid_whenTheSourceHashDiffersFromTheRequest() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_2).build())
                    .expectException(rejectedWith(Kind.INVALID, "source_hash_mismatch", "source_hash"));
        }

        @Test
        void confirmUpload_fails_withPreconditionFailed_whenNothingIsStored() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).nothingStored().build())
                    .expectException(rejectedWith(Kind.PRECONDITION_FAILED, "package_not_uploaded", "storage_path"));
        }

        @Test
        void confirmUpload_fails_withInvalid_whenTheStoredSizeDiffers() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).fileSizeBytes(SIZE + 1, SIZE).build())
                    .expectException(rejectedWith(Kind.INVALID, "file_size_mismatch", "file_size_bytes"));
        }

        @Test
        void confirmUpload_fails_withPreconditionFailed_whenThePackageChangedWhileBeingReleased() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).notReleased().build())
                    .expectNoEvents()
                    .expectException(rejectedWith(Kind.PRECONDITION_FAILED, "package_not_uploaded", "storage_path"));
        }

        @Test
        void confirmUpload_fails_withInvalid_whenTheLockfilePathIsNotTheIssuedOne() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).lockfile(lockfilePath(V2), true).build())
                    .expectException(rejectedWith(Kind.INVALID, "lockfile_path_mismatch", "package_lock_path"));
        }

        @Test
        void confirmUpload_fails_withPreconditionFailed_whenTheLockfileIsNotStored() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).lockfile(lockfilePath(V1), false).build())
                    .expectException(rejectedWith(Kind.PRECONDITION_FAILED, "lockfile_not_uploaded",
                            "package_lock_path"));
        }

        /**
         * Unreachable from histories this aggregate records (RequestUpload checks the base and a confirmed
         * version never goes back), so the history is given directly: the check guards older recordings.
         */
        @Test
        void confirmUpload_fails_withInvalid_whenTheRecordedBaseVersionIsNotConfirmed() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V2, HASH_2, UNKNOWN_VERSION, false))
                    .when(confirmUpload(V2, HASH_2).build())
                    .expectException(rejectedWith(Kind.INVALID, "unknown_base_version", "base_version_id"));
        }

        @Test
        void confirmUpload_fails_withNotFound_whenTheCallerMayNotRead() {
            fixture.given(anEntityInPrivateStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).by(anOutsider()).build())
                    .expectException(entityNotFound());
        }

        @Test
        void confirmUpload_fails_withForbidden_whenTheCallerIsOnlyAReader() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(confirmUpload(V1, HASH_1).by(aColleague()).build())
                    .expectException(publisherRoleRequired());
        }

        private Matcher<Confirmed> confirmedAs(int number) {
            return new TypeSafeMatcher<>() {
                @Override
                protected boolean matchesSafely(Confirmed confirmed) {
                    return confirmed.versionNumber() == number;
                }

                @Override
                public void describeTo(Description description) {
                    description.appendText("confirmed as version " + number);
                }
            };
        }
    }

    @Nested
    class SettingTheActiveVersion {

        @Test
        void setActive_recordsActiveVersionChanged_withThePreviousVersion() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(activated(V1, null))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .when(new SetActive(ENTITY, V2, aPublisher(), LATER))
                    .expectEvents(new ActiveVersionChanged(ENTITY, V2, V1, "alice", LATER))
                    .expectResultMessagePayload(new Done(ENTITY, 6));
        }

        @Test
        void setActive_recordsActiveVersionChanged_withoutPrevious_whenNoneWasActive() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new SetActive(ENTITY, V1, aPublisher(), LATER))
                    .expectEvents(new ActiveVersionChanged(ENTITY, V1, null, "alice", LATER));
        }

        @Test
        void setActive_recordsNothing_whenTheVersionIsAlreadyActive() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(activated(V1, null))
                    .when(new SetActive(ENTITY, V1, aPublisher(), LATER))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Done(ENTITY, 3));
        }

        @Test
        void setActive_fails_withConflict_whenTheVersionIsArchived() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(archived(V1))
                    .when(new SetActive(ENTITY, V1, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.CONFLICT, "version_archived", "versionId"))
                    .expectNoEvents();
        }

        @Test
        void setActive_fails_withNotFound_whenTheVersionIsUnknown() {
            fixture.given(anEntityInOrgStore())
                    .when(new SetActive(ENTITY, UNKNOWN_VERSION, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.NOT_FOUND, "version_not_found"));
        }

        @Test
        void setActive_fails_withNotFound_whenTheVersionIsOnlyRequested() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(new SetActive(ENTITY, V1, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.NOT_FOUND, "version_not_found"));
        }

        @Test
        void setActive_fails_withNotFound_whenTheUploadExpired() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1), expired(V1))
                    .when(new SetActive(ENTITY, V1, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.NOT_FOUND, "version_not_found"));
        }

        @Test
        void setActive_fails_withNotFound_whenTheCallerMayNotRead() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new SetActive(ENTITY, V1, anOutsider(), LATER))
                    .expectException(entityNotFound());
        }

        @Test
        void setActive_fails_withForbidden_whenTheCallerIsOnlyAReader() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new SetActive(ENTITY, V1, aColleague(), LATER))
                    .expectException(publisherRoleRequired());
        }
    }

    @Nested
    class ArchivingAVersion {

        @Test
        void archiveVersion_recordsVersionArchived() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new ArchiveVersion(ENTITY, V1, aPublisher(), LATER))
                    .expectEvents(new VersionArchived(ENTITY, V1, "alice", LATER, null))
                    .expectResultMessagePayload(new Done(ENTITY, 3));
        }

        @Test
        void archiveVersion_recordsNothing_whenAlreadyArchived() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(archived(V1))
                    .when(new ArchiveVersion(ENTITY, V1, aPublisher(), LATER))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Done(ENTITY, 3));
        }

        @Test
        void archiveVersion_succeeds_onceAnotherVersionIsActive() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(activated(V1, null))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .andGiven(activated(V2, V1))
                    .when(new ArchiveVersion(ENTITY, V1, aPublisher(), LATER))
                    .expectEvents(new VersionArchived(ENTITY, V1, "alice", LATER, null));
        }

        @Test
        void archiveVersion_fails_withConflict_whenTheVersionIsActive() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(activated(V1, null))
                    .when(new ArchiveVersion(ENTITY, V1, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.CONFLICT, "version_active"))
                    .expectNoEvents();
        }

        @Test
        void archiveVersion_fails_withNotFound_whenTheVersionIsOnlyRequested() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(new ArchiveVersion(ENTITY, V1, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.NOT_FOUND, "version_not_found"));
        }

        @Test
        void archiveVersion_fails_withNotFound_whenTheVersionIsUnknown() {
            fixture.given(anEntityInOrgStore())
                    .when(new ArchiveVersion(ENTITY, UNKNOWN_VERSION, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.NOT_FOUND, "version_not_found"));
        }

        @Test
        void archiveVersion_fails_withNotFound_whenTheCallerMayNotRead() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new ArchiveVersion(ENTITY, V1, anOutsider(), LATER))
                    .expectException(entityNotFound());
        }

        @Test
        void archiveVersion_fails_withForbidden_whenTheCallerIsOnlyAReader() {
            fixture.given(anEntityInPublicStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new ArchiveVersion(ENTITY, V1, anOutsider(), LATER))
                    .expectException(publisherRoleRequired());
        }

        @Test
        void archiveVersion_fails_withForbidden_onAPlatformEntity_whenThePublisherIsNotAnAdmin() {
            fixture.given(aPlatformEntityInPublicStore(), publisherGranted(aPublisher()))
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new ArchiveVersion(ENTITY, V1, aPublisher(), LATER))
                    .expectException(publisherRoleRequired());
        }
    }

    @Nested
    class Channels {

        private final List<ChannelTarget> onV1 = List.of(new ChannelTarget(V1, 100));
        private final List<ChannelTarget> split = List.of(new ChannelTarget(V1, 90), new ChannelTarget(V2, 10));

        @Test
        void setChannel_recordsChannelSet_withTheTargetsOrderedByVersionId() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .andGiven(new ChannelSet(ENTITY, "beta", onV1, null, "alice", BEFORE_EXPIRY))
                    .when(new SetChannel(ENTITY, "beta", List.of(new ChannelTarget(V2, 10), new ChannelTarget(V1, 90)),
                            aPublisher(), LATER))
                    .expectEvents(new ChannelSet(ENTITY, "beta", split, onV1, "alice", LATER))
                    .expectResultMessagePayload(new Done(ENTITY, 6));
        }

        @Test
        void setChannel_recordsNothing_whenTheChannelAlreadyHasTheseTargets() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(new ChannelSet(ENTITY, "beta", onV1, null, "alice", BEFORE_EXPIRY))
                    .when(new SetChannel(ENTITY, "beta", onV1, aPublisher(), LATER))
                    .expectNoEvents();
        }

        @Test
        void setChannel_fails_withConflict_onAnArchivedVersion_andWithNotFound_onAnUnknownOne() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(archived(V1))
                    .when(new SetChannel(ENTITY, "beta", onV1, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.CONFLICT, "version_archived"));
            fixture.given(anEntityInOrgStore())
                    .when(new SetChannel(ENTITY, "beta", onV1, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.NOT_FOUND, "version_not_found"));
        }

        @Test
        void setChannel_fails_withForbidden_whenTheCallerIsOnlyAReader() {
            fixture.given(anEntityInPublicStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new SetChannel(ENTITY, "beta", onV1, anOutsider(), LATER))
                    .expectException(publisherRoleRequired());
        }

        @Test
        void archiveVersion_fails_withConflict_whenAChannelTargetsTheVersion() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .andGiven(new ChannelSet(ENTITY, "canary", split, null, "alice", BEFORE_EXPIRY))
                    .when(new ArchiveVersion(ENTITY, V2, aPublisher(), LATER))
                    .expectException(rejectedWith(Kind.CONFLICT, "version_in_channel"))
                    .expectNoEvents();
        }

        @Test
        void removeChannel_recordsChannelRemoved_once() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(new ChannelSet(ENTITY, "beta", onV1, null, "alice", BEFORE_EXPIRY))
                    .when(new RemoveChannel(ENTITY, "beta", aPublisher(), LATER))
                    .expectEvents(new ChannelRemoved(ENTITY, "beta", onV1, "alice", LATER));
            fixture.given(anEntityInOrgStore())
                    .when(new RemoveChannel(ENTITY, "beta", aPublisher(), LATER))
                    .expectNoEvents();
        }
    }

    @Nested
    class Retention {

        private final RetentionPolicy keepOne = new RetentionPolicy(1, null);
        private final Caller job = new Caller(VersionArchived.BY_RETENTION, null, Set.of(Caller.ADMIN));

        @Test
        void planRetention_namesTheVersionsDue_butNeverTheActiveOrAChannelTarget() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(activated(V1, null))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .andGiven(aConfirmedVersion(V3, 3, HASH_3))
                    .andGiven(new RetentionPolicySet(ENTITY, keepOne, "alice", BEFORE_EXPIRY))
                    .when(new PlanRetention(ENTITY, LATER))
                    .expectNoEvents()
                    .expectResultMessagePayload(new RetentionPlan(ENTITY, keepOne, List.of(V2), 8));
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .andGiven(new ChannelSet(ENTITY, "lts", List.of(new ChannelTarget(V1, 100)), null, "alice",
                            BEFORE_EXPIRY))
                    .andGiven(new RetentionPolicySet(ENTITY, keepOne, "alice", BEFORE_EXPIRY))
                    .when(new PlanRetention(ENTITY, LATER))
                    .expectResultMessagePayload(new RetentionPlan(ENTITY, keepOne, List.of(), 6));
        }

        @Test
        void archiveVersion_underThePolicy_recordsThePolicyAsItsCause() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .andGiven(new RetentionPolicySet(ENTITY, keepOne, "alice", BEFORE_EXPIRY))
                    .when(new ArchiveVersion(ENTITY, V1, job, LATER, keepOne))
                    .expectEvents(new VersionArchived(ENTITY, V1, "system", LATER, keepOne));
        }

        @Test
        void archiveVersion_underAPolicy_fails_whenThePolicyChangedOrTheVersionIsNotDue() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .andGiven(new RetentionPolicySet(ENTITY, new RetentionPolicy(5, null), "alice", BEFORE_EXPIRY))
                    .when(new ArchiveVersion(ENTITY, V1, job, LATER, keepOne))
                    .expectException(rejectedWith(Kind.CONFLICT, "retention_not_due"));
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .andGiven(aConfirmedVersion(V2, 2, HASH_2))
                    .andGiven(new RetentionPolicySet(ENTITY, keepOne, "alice", BEFORE_EXPIRY))
                    .when(new ArchiveVersion(ENTITY, V2, job, LATER, keepOne))
                    .expectException(rejectedWith(Kind.CONFLICT, "retention_not_due"));
        }

        @Test
        void setRetentionPolicy_recordsOnlyAChange() {
            fixture.given(anEntityInOrgStore())
                    .when(new SetRetentionPolicy(ENTITY, new RetentionPolicy(null, null), aPublisher(), LATER))
                    .expectNoEvents();
            fixture.given(anEntityInOrgStore())
                    .when(new SetRetentionPolicy(ENTITY, keepOne, aPublisher(), LATER))
                    .expectEvents(new RetentionPolicySet(ENTITY, keepOne, "alice", LATER));
        }
    }

    @Nested
    class ExpiringAnUpload {

        @Test
        void expireUpload_recordsUploadExpired_atTheDeadline() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(new ExpireUpload(ENTITY, V1, EXPIRES_AT))
                    .expectEvents(new UploadExpired(ENTITY, V1, packagePath(V1), lockfilePath(V1), EXPIRES_AT))
                    .expectResultMessagePayload(new Done(ENTITY, 2));
        }

        @Test
        void expireUpload_recordsUploadExpired_afterTheDeadline() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(new ExpireUpload(ENTITY, V1, LATER))
                    .expectEvents(new UploadExpired(ENTITY, V1, packagePath(V1), lockfilePath(V1), LATER));
        }

        @Test
        void expireUpload_recordsNothing_beforeTheDeadline() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1))
                    .when(new ExpireUpload(ENTITY, V1, EXPIRES_AT.minusMillis(1)))
                    .expectNoEvents()
                    .expectResultMessagePayload(new Done(ENTITY, 1));
        }

        @Test
        void expireUpload_recordsNothing_afterConfirm() {
            fixture.given(anEntityInOrgStore())
                    .andGiven(aConfirmedVersion(V1, 1, HASH_1))
                    .when(new ExpireUpload(ENTITY, V1, LATER))
                    .expectNoEvents();
        }

        @Test
        void expireUpload_recordsNothing_whenAlreadyExpired() {
            fixture.given(anEntityInOrgStore(), uploadRequested(V1, HASH_1), expired(V1))
                    .when(new ExpireUpload(ENTITY, V1, LATER))
                    .expectNoEvents();
        }

        @Test
        void expireUpload_recordsNothing_whenTheVersionIsUnknown() {
            fixture.given(anEntityInOrgStore())
                    .when(new ExpireUpload(ENTITY, V1, LATER))
                    .expectNoEvents();
        }
    }
}
