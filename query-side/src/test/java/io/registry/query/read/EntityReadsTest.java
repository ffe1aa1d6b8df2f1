package io.registry.query.read;

import io.registry.access.AccessPolicy;
import io.registry.access.Caller;
import io.registry.api.problem.ApiException;
import io.registry.events.Store;
import io.registry.query.ReadModelFixture;
import io.registry.query.read.ReadYourWrites.Reads;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static io.registry.query.Events.ENTITY;
import static io.registry.query.Events.ORG;
import static io.registry.query.Events.PUBLISHER;
import static io.registry.query.Events.V1;
import static io.registry.query.Events.ZONE;
import static io.registry.query.Events.aPlatformEntityCreated;
import static io.registry.query.Events.aPublisherGranted;
import static io.registry.query.Events.aStoreChanged;
import static io.registry.query.Events.aVersionConfirmed;
import static io.registry.query.Events.anEntityCreated;
import static io.registry.query.Events.anEntityShared;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Who may read an entity through the read routes: publishers, users it is shared with, members of its organization
 * when its store is {@code org}, everyone when it is {@code public}, admins. Anyone else gets the 404 of an entity that
 * does not exist, so existence does not leak.
 */
class EntityReadsTest {

    private final ReadModelFixture readModel = new ReadModelFixture();
    private final EntityReads reads = new EntityReads(readModel.store,
            new ReadYourWrites(readModel.store, Duration.ZERO));

    private static Caller aPublisher() {
        return new Caller(PUBLISHER, ORG, Set.of());
    }

    /** A member of the owning organization who is not a publisher. */
    private static Caller aColleague() {
        return new Caller("bob", ORG, Set.of());
    }

    /** Another organization's user, not a publisher and not shared with. */
    private static Caller anOutsider() {
        return new Caller("mallory", "org-other", Set.of());
    }

    private static Caller aGuest() {
        return new Caller("carol", "org-other", Set.of());
    }

    private static Caller anAdmin() {
        return new Caller("root", "org-platform", Set.of(Caller.ADMIN));
    }

    private ApiException refused(Caller caller, String zoneId, String entityId) {
        return catchThrowableOfType(ApiException.class, () -> reads.readable(caller, zoneId, entityId));
    }

    private void assertNotFound(ApiException e, String code) {
        assertThat(e).isNotNull();
        assertThat(e.status().value()).isEqualTo(404);
        assertThat(e.code()).isEqualTo(code);
    }

    @Nested
    class EntitySurface {

        @Test
        void a_private_entity_is_read_by_its_publishers_shared_users_and_admins() {
            readModel.given(anEntityCreated(), anEntityShared("carol"));

            assertThat(reads.readable(aPublisher(), null, ENTITY).entityId()).isEqualTo(ENTITY);
            assertThat(reads.readable(aGuest(), null, ENTITY).entityId()).isEqualTo(ENTITY);
            assertThat(reads.readable(anAdmin(), null, ENTITY).entityId()).isEqualTo(ENTITY);
        }

        @Test
        void a_private_entity_is_hidden_from_others_exactly_as_a_missing_one() {
            readModel.given(anEntityCreated());

            ApiException hidden = refused(aColleague(), null, ENTITY);
            ApiException missing = refused(aColleague(), null, "no-such-entity");

            assertNotFound(hidden, "entity_not_found");
            assertNotFound(missing, "entity_not_found");
            assertThat(hidden.getMessage()).isEqualTo("No entity " + ENTITY + ".");
        }

        @Test
        void an_org_entity_is_read_by_members_of_its_organization_only() {
            readModel.given(anEntityCreated(ENTITY, Store.ORG));

            assertThat(reads.readable(aColleague(), null, ENTITY).entityId()).isEqualTo(ENTITY);
            assertNotFound(refused(anOutsider(), null, ENTITY), "entity_not_found");
        }

        @Test
        void a_public_entity_is_read_by_every_authenticated_user() {
            readModel.given(anEntityCreated(), aStoreChanged(Store.PUBLIC));

            assertThat(reads.readable(anOutsider(), null, ENTITY).entityId()).isEqualTo(ENTITY);
        }

        @Test
        void a_version_that_does_not_exist_is_404_version_not_found() {
            readModel.given(anEntityCreated(), aVersionConfirmed(V1, 1));

            assertThat(reads.version(reads.readable(aPublisher(), null, ENTITY), V1).versionId()).isEqualTo(V1);
            ApiException e = catchThrowableOfType(ApiException.class,
                    () -> reads.version(reads.readable(aPublisher(), null, ENTITY), "2020.01.01-000000"));
            assertNotFound(e, "version_not_found");
        }

        @Test
        void open_waits_for_the_token_then_checks_access() {
            readModel.given(anEntityCreated());

            EntityReads.OpenedEntity read = reads.open(aPublisher(), ENTITY, null, Reads.BY_ID);

            assertThat(read.caughtUp()).isTrue();
            assertThat(read.respond("body").getStatusCode().value()).isEqualTo(200);
            assertThat(read.respond("body").getHeaders().containsKey(ReadYourWrites.STALE_HEADER)).isFalse();
            assertNotFound(catchThrowableOfType(ApiException.class,
                    () -> reads.open(anOutsider(), ENTITY, null, Reads.BY_ID)), "entity_not_found");
        }
    }

    @Nested
    class ZoneSurface {

        @Test
        void a_readable_package_in_its_zone_is_found() {
            readModel.given(anEntityCreated());

            assertThat(reads.openInZone(aPublisher(), ZONE, ENTITY, null).entity().entityId()).isEqualTo(ENTITY);
        }

        @Test
        void a_package_asked_for_in_another_zone_or_missing_is_package_not_found() {
            readModel.given(anEntityCreated(), anEntityCreated("other-entity", "zone-us", Store.PRIVATE));

            assertNotFound(refused(aPublisher(), "zone-us", ENTITY), "package_not_found");
            assertNotFound(refused(aPublisher(), ZONE, "no-such-package"), "package_not_found");
        }

        @Test
        void a_hidden_package_is_package_not_found_in_an_existing_zone() {
            readModel.given(anEntityCreated());

            ApiException e = refused(anOutsider(), ZONE, ENTITY);

            assertNotFound(e, "package_not_found");
            assertThat(e.getMessage()).isEqualTo("No package " + ENTITY + " in zone " + ZONE + ".");
        }

        @Test
        void a_zone_no_entity_lives_in_is_zone_not_found() {
            readModel.given(anEntityCreated());

            assertNotFound(refused(aPublisher(), "zone-empty", ENTITY), "zone_not_found");
        }
    }

    @Nested
    class PublisherActions {

        @Test
        void the_document_s_access_lets_publishers_and_admins_publish_and_readers_only_read() {
            readModel.given(anEntityCreated(ENTITY, Store.ORG), aPublisherGranted("dave"));
            var access = readModel.store.entity(ENTITY).orElseThrow().access();

            assertThat(AccessPolicy.canPublish(new Caller("dave", ORG, Set.of()), access)).isTrue();
            assertThat(AccessPolicy.canPublish(anAdmin(), access)).isTrue();
            assertThat(AccessPolicy.canRead(aColleague(), access)).isTrue();
            assertThat(AccessPolicy.canPublish(aColleague(), access)).as("a reader gets 403").isFalse();
        }

        @Test
        void a_platform_entity_is_published_by_admins_only() {
            readModel.given(aPlatformEntityCreated());
            var access = readModel.store.entity(ENTITY).orElseThrow().access();

            assertThat(AccessPolicy.canRead(anOutsider(), access)).isTrue();
            assertThat(AccessPolicy.canPublish(aPublisher(), access)).isFalse();
            assertThat(AccessPolicy.canPublish(anAdmin(), access)).isTrue();
        }
    }
}
