package io.registry.query.projection;

import io.registry.events.ChannelTarget;
import io.registry.events.EntityEvent;
import io.registry.events.OwnerType;
import io.registry.events.Store;
import io.registry.query.Events;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.InMemoryReadModelStore;
import io.registry.query.readmodel.VersionDocument;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.registry.query.Events.ARCHIVED_AT;
import static io.registry.query.Events.CONFIRMED_AT;
import static io.registry.query.Events.CREATED_AT;
import static io.registry.query.Events.ENTITY;
import static io.registry.query.Events.MANIFEST_SHA;
import static io.registry.query.Events.ORG;
import static io.registry.query.Events.OTHER_ENTITY;
import static io.registry.query.Events.PACKAGE_SHA;
import static io.registry.query.Events.PUBLISHER;
import static io.registry.query.Events.V1;
import static io.registry.query.Events.V2;
import static io.registry.query.Events.V3;
import static io.registry.query.Events.ZONE;
import static io.registry.query.Events.aFullRelease;
import static io.registry.query.Events.aPublisherGranted;
import static io.registry.query.Events.aPublisherRevoked;
import static io.registry.query.Events.aStoreChanged;
import static io.registry.query.Events.aVersionArchived;
import static io.registry.query.Events.aChannelRemoved;
import static io.registry.query.Events.aChannelSet;
import static io.registry.query.Events.aVersionConfirmed;
import static io.registry.query.Events.anActiveVersionChanged;
import static io.registry.query.Events.anEntityCreated;
import static io.registry.query.Events.anEntityShared;
import static io.registry.query.Events.anEntityUnshared;
import static io.registry.query.Events.anUploadExpired;
import static io.registry.query.Events.anUploadRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projection as a specification: given the recorded events of an entity (sequence 0, 1, ...), the entity and
 * version documents it leaves in an in-memory store with the Elasticsearch store's semantics.
 */
class ReadModelProjectionTest {

    private final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final ReadModelProjection projection = new ReadModelProjection(store);

    /** Applies the events one by one, as sequences 0, 1, ... of their entity. */
    private void given(EntityEvent... events) {
        for (int sequence = 0; sequence < events.length; sequence++) {
            projection.apply(events[sequence], sequence);
        }
    }

    private EntityDocument entity() {
        return store.entity(ENTITY).orElseThrow();
    }

    private VersionDocument version(String versionId) {
        return store.version(ENTITY, versionId).orElseThrow();
    }

    /** A history with two versions, the second based on the first and active, the first archived (sequences 0..7). */
    private static EntityEvent[] aHistoryOfTwoVersions() {
        return new EntityEvent[]{anEntityCreated(), anUploadRequested(V1), aVersionConfirmed(V1, 1),
                anActiveVersionChanged(V1, null), anUploadRequested(V2), aVersionConfirmed(V2, 2, V1),
                anActiveVersionChanged(V2, V1), aVersionArchived(V1)};
    }

    @Nested
    class TheEntityDocument {

        @Test
        void entityCreated_writes_the_entity_with_its_creator_as_only_publisher() {
            given(anEntityCreated());

            assertThat(entity()).isEqualTo(new EntityDocument(ENTITY, ZONE, "Acme widget", "Widgets for everyone",
                    "https://icons.example/w.png", OwnerType.CUSTOMER, ORG, Store.PRIVATE, List.of(PUBLISHER),
                    List.of(), null, 0, PUBLISHER, CREATED_AT, 0, null, null, null, null));
        }

        @Test
        void publishers_and_shares_are_kept_sorted_and_set_rather_than_accumulated() {
            given(anEntityCreated(), aPublisherGranted("zoe"), aPublisherGranted("bob"), aPublisherGranted("bob"),
                    anEntityShared("sam"), anEntityShared("carol"), aPublisherRevoked("zoe"),
                    anEntityUnshared("sam"), anEntityUnshared("nobody"));

            assertThat(entity().publishers()).containsExactly("alice", "bob");
            assertThat(entity().sharedWith()).containsExactly("carol");
            assertThat(entity().lastSequence()).isEqualTo(8);
        }

        @Test
        void storeChanged_sets_the_store() {
            given(anEntityCreated(), aStoreChanged(Store.PUBLIC));

            assertThat(entity().store()).isEqualTo(Store.PUBLIC);
        }

        @Test
        void upload_requests_and_expiries_only_move_last_sequence() {
            given(anEntityCreated(), anUploadRequested(V1), anUploadExpired(V1));

            assertThat(entity()).isEqualTo(EntityDocument.created(anEntityCreated(), 2));
            assertThat(store.version(ENTITY, V1)).isEmpty();
        }

        @Test
        void versionConfirmed_counts_the_version_and_activation_names_the_active_version() {
            given(anEntityCreated(), anUploadRequested(V1), aVersionConfirmed(V1, 1), anActiveVersionChanged(V1, null));

            assertThat(entity().versionCount()).isEqualTo(1);
            assertThat(entity().activeVersionId()).isEqualTo(V1);
            assertThat(entity().lastSequence()).isEqualTo(3);
        }

        @Test
        void the_entity_takes_its_latest_release_time_and_the_tags_of_its_active_version() {
            Instant later = CONFIRMED_AT.plusSeconds(3600);
            given(anEntityCreated(), aVersionConfirmed(ENTITY, V1, 1, null, aFullRelease()),
                    anActiveVersionChanged(V1, null), Events.aVersionConfirmedAt(ENTITY, V2, 2, later, List.of("beta")));

            assertThat(entity().latestVersionAt()).as("the newest confirmed").isEqualTo(later);
            assertThat(entity().tags()).as("the active version's").containsExactly("stable");
        }

        @Test
        void activating_another_version_takes_its_tags() {
            given(anEntityCreated(), aVersionConfirmed(ENTITY, V1, 1, null, aFullRelease()),
                    anActiveVersionChanged(V1, null),
                    Events.aVersionConfirmedAt(ENTITY, V2, 2, CONFIRMED_AT.plusSeconds(60), List.of("beta")),
                    anActiveVersionChanged(V2, V1));

            assertThat(entity().tags()).containsExactly("beta");
        }

        @Test
        void an_active_version_without_tags_leaves_the_entity_without_tags() {
            given(anEntityCreated(), aVersionConfirmed(ENTITY, V1, 1, null, aFullRelease()),
                    anActiveVersionChanged(V1, null), aVersionConfirmed(V2, 2), anActiveVersionChanged(V2, V1));

            assertThat(entity().tags()).isNull();
        }
    }

    @Nested
    class Channels {

        private final List<ChannelTarget> onV1 = List.of(new ChannelTarget(V1, 100));
        private final List<ChannelTarget> split = List.of(new ChannelTarget(V1, 80), new ChannelTarget(V2, 20));

        @Test
        void a_channel_is_on_the_entity_and_named_on_each_version_it_targets_until_it_moves_or_goes() {
            given(anEntityCreated(), anUploadRequested(V1), aVersionConfirmed(V1, 1), anUploadRequested(V2),
                    aVersionConfirmed(V2, 2), aChannelSet("beta", onV1, null), aChannelSet("beta", split, onV1),
                    aChannelSet("lts", onV1, null));
            assertThat(entity().channels()).containsExactly(Map.entry("beta", split), Map.entry("lts", onV1));
            assertThat(version(V1).channels()).containsExactly("beta", "lts");
            assertThat(version(V2).channels()).containsExactly("beta");

            projection.apply(aChannelSet("beta", List.of(new ChannelTarget(V2, 100)), split), 8);
            projection.apply(aChannelRemoved("lts", onV1), 9);
            assertThat(entity().channels()).containsExactly(Map.entry("beta", List.of(new ChannelTarget(V2, 100))));
            assertThat(version(V1).channels()).isEmpty();
            assertThat(version(V2).channels()).containsExactly("beta");
            assertThat(entity().pins(V2)).isTrue();
            assertThat(entity().pins(V1)).isFalse();
        }
    }

    @Nested
    class TheVersionDocument {

        @Test
        void versionConfirmed_writes_the_version_with_the_entity_name_and_its_description_and_icon() {
            given(anEntityCreated(), anUploadRequested(V1), aVersionConfirmed(V1, 1));

            VersionDocument v1 = version(V1);
            assertThat(v1.versionId()).isEqualTo(V1);
            assertThat(v1.entityId()).isEqualTo(ENTITY);
            assertThat(v1.zoneId()).isEqualTo(ZONE);
            assertThat(v1.versionNumber()).isEqualTo(1);
            assertThat(v1.createdAt()).isEqualTo(CONFIRMED_AT);
            assertThat(v1.createdBy()).isEqualTo(PUBLISHER);
            assertThat(v1.manifestSha()).isEqualTo(MANIFEST_SHA);
            assertThat(v1.name()).isEqualTo("Acme widget");
            assertThat(v1.ownerType()).isEqualTo(OwnerType.CUSTOMER);
            assertThat(v1.description()).isEqualTo("Widgets for everyone");
            assertThat(v1.iconUrl()).isEqualTo("https://icons.example/w.png");
            assertThat(v1.inputs()).isNull();
            assertThat(v1.outputs()).isNull();
            assertThat(v1.links()).isNull();
            assertThat(v1.properties()).isNull();
            assertThat(v1.tags()).as("no tags, not an empty list").isNull();
            assertThat(v1.archivedAt()).isNull();
            assertThat(v1.sourceHash()).isEqualTo("sha256:" + V1);
            assertThat(v1.fileSizeBytes()).isEqualTo(4096);
            assertThat(v1.packageSha256()).isEqualTo(PACKAGE_SHA);
            assertThat(v1.serviceDependencies()).containsExactly("postgres");
            assertThat(v1.packageJson()).isNull();
            assertThat(v1.active()).isFalse();
            assertThat(v1.lastSequence()).isEqualTo(2);
        }

        @Test
        void release_metadata_is_kept_and_overrides_the_entity_description_and_icon() {
            given(anEntityCreated(), aVersionConfirmed(ENTITY, V1, 1, null, aFullRelease()));

            VersionDocument v1 = version(V1);
            assertThat(v1.description()).isEqualTo("Release notes");
            assertThat(v1.iconUrl()).isEqualTo("https://icons.example/r.png");
            assertThat(v1.inputs()).isEqualTo(aFullRelease().inputs());
            assertThat(v1.outputs()).isEqualTo(aFullRelease().outputs());
            assertThat(v1.links()).isEqualTo(aFullRelease().links());
            assertThat(v1.properties()).isEqualTo(aFullRelease().properties());
            assertThat(v1.tags()).containsExactly("stable");
        }

        @Test
        void activeVersionChanged_moves_the_active_flag_and_stamps_both_versions() {
            given(anEntityCreated(), aVersionConfirmed(V1, 1), anActiveVersionChanged(V1, null),
                    aVersionConfirmed(V2, 2), anActiveVersionChanged(V2, V1));

            assertThat(version(V1).active()).isFalse();
            assertThat(version(V1).lastSequence()).isEqualTo(4);
            assertThat(version(V2).active()).isTrue();
            assertThat(version(V2).lastSequence()).isEqualTo(4);
            assertThat(entity().activeVersionId()).isEqualTo(V2);
        }

        @Test
        void versionArchived_sets_archived_at_and_keeps_the_rest() {
            EntityEvent[] history = aHistoryOfTwoVersions();
            for (int sequence = 0; sequence < 7; sequence++) {
                projection.apply(history[sequence], sequence);
            }
            VersionDocument before = version(V1);

            projection.apply(history[7], 7);

            assertThat(version(V1)).isEqualTo(before.withArchivedAt(ARCHIVED_AT).withLastSequence(7));
            assertThat(version(V2).archivedAt()).isNull();
        }

        @Test
        void lineage_lists_the_ancestors_root_first_and_counts_them() {
            given(anEntityCreated(), aVersionConfirmed(V1, 1), aVersionConfirmed(V2, 2, V1),
                    aVersionConfirmed(V3, 3, V2));

            assertThat(version(V1).ancestors()).isEmpty();
            assertThat(version(V1).depth()).isZero();
            assertThat(version(V3).ancestors()).containsExactly(V1, V2);
            assertThat(version(V3).depth()).isEqualTo(2);
            assertThat(version(V3).baseVersionId()).isEqualTo(V2);
        }

        @Test
        void an_event_about_a_version_not_in_the_read_model_fails_instead_of_being_lost() {
            given(anEntityCreated());

            assertThatThrownBy(() -> projection.apply(aVersionArchived(V1), 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(V1);
        }

        @Test
        void an_event_about_an_entity_not_in_the_read_model_fails() {
            assertThatThrownBy(() -> projection.apply(aPublisherGranted("bob"), 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(ENTITY);
        }
    }

    @Nested
    class Replays {

        @Test
        void applying_every_event_twice_changes_nothing() {
            given(aHistoryOfTwoVersions());
            EntityDocument entity = entity();
            VersionDocument v1 = version(V1);
            VersionDocument v2 = version(V2);

            given(aHistoryOfTwoVersions());

            assertThat(entity()).isEqualTo(entity);
            assertThat(version(V1)).isEqualTo(v1);
            assertThat(version(V2)).isEqualTo(v2);
        }

        @Test
        void events_already_applied_are_skipped_without_a_write_and_the_next_one_applies() {
            EntityEvent[] history = aHistoryOfTwoVersions();
            for (int sequence = 0; sequence < 4; sequence++) {
                projection.apply(history[sequence], sequence);
            }
            int writes = store.bulkWrites().size();

            for (int sequence = 0; sequence < 4; sequence++) {
                projection.apply(history[sequence], sequence);
            }
            assertThat(store.bulkWrites()).hasSize(writes);

            for (int sequence = 4; sequence < history.length; sequence++) {
                projection.apply(history[sequence], sequence);
            }
            assertThat(entity().lastSequence()).isEqualTo(7);
            assertThat(entity().activeVersionId()).isEqualTo(V2);
            assertThat(version(V1).archivedAt()).isEqualTo(ARCHIVED_AT);
        }

        @Test
        void a_late_writer_replaying_older_events_never_sets_documents_back() {
            EntityEvent[] history = aHistoryOfTwoVersions();
            for (int sequence = 0; sequence <= 2; sequence++) {
                projection.apply(history[sequence], sequence);
            }
            // an instance about to lose its segment computes event 3 (v1 becomes active) on the documents as of 2 ...
            ReadModelProjection.Batch late = new ReadModelProjection(store).begin();
            late.apply(history[3], 3);
            // ... meanwhile the instance that took the segment over applies 3..7 (v2 active, v1 archived) ...
            for (int sequence = 3; sequence < history.length; sequence++) {
                projection.apply(history[sequence], sequence);
            }
            EntityDocument entityBefore = entity();
            VersionDocument v1Before = version(V1);

            // ... and the late write arrives last: the store keeps the newer documents
            late.flush();

            assertThat(entity()).isEqualTo(entityBefore);
            assertThat(version(V1)).isEqualTo(v1Before);
            assertThat(v1Before.active()).isFalse();
            assertThat(v1Before.archivedAt()).isEqualTo(ARCHIVED_AT);
        }

        @Test
        void a_refused_document_is_not_built_on_in_the_same_batch() {
            EntityEvent[] history = aHistoryOfTwoVersions();
            for (int sequence = 0; sequence <= 2; sequence++) {
                projection.apply(history[sequence], sequence);
            }
            ReadModelProjection.Batch late = new ReadModelProjection(store).begin();
            late.apply(history[3], 3);
            for (int sequence = 3; sequence <= 5; sequence++) {
                projection.apply(history[sequence], sequence);
            }
            late.flush();

            // the late batch reads the newer documents back before it goes on
            late.apply(history[6], 6);
            late.flush();

            assertThat(entity().activeVersionId()).isEqualTo(V2);
            assertThat(entity().versionCount()).isEqualTo(2);
            assertThat(version(V1).active()).isFalse();
        }
    }

    @Nested
    class Batches {

        @Test
        void a_batch_writes_each_changed_document_once_versions_before_entities() {
            ReadModelProjection.Batch batch = projection.begin();
            EntityEvent[] history = aHistoryOfTwoVersions();
            for (int sequence = 0; sequence < history.length; sequence++) {
                batch.apply(history[sequence], sequence);
            }
            assertThat(store.bulkWrites()).isEmpty();
            assertThat(batch.size()).isEqualTo(history.length);

            batch.flush();

            assertThat(store.bulkWrites()).containsExactly(
                    List.of(VersionDocument.docId(ENTITY, V1), VersionDocument.docId(ENTITY, V2)), List.of(ENTITY));
            assertThat(entity().lastSequence()).isEqualTo(7);
            assertThat(version(V1).archivedAt()).isEqualTo(ARCHIVED_AT);
        }

        @Test
        void a_flushed_batch_goes_on_with_the_next_events() {
            ReadModelProjection.Batch batch = projection.begin();
            batch.apply(anEntityCreated(), 0);
            batch.apply(aVersionConfirmed(V1, 1), 1);
            batch.flush();
            batch.clear();
            assertThat(batch.size()).isZero();

            batch.apply(anActiveVersionChanged(V1, null), 2);
            batch.flush();

            assertThat(version(V1).active()).isTrue();
            assertThat(entity().lastSequence()).isEqualTo(2);
        }

        @Test
        void events_of_several_entities_in_one_batch() {
            ReadModelProjection.Batch batch = projection.begin();
            batch.apply(anEntityCreated(), 0);
            batch.apply(anEntityCreated(OTHER_ENTITY, Store.PUBLIC), 0);
            batch.apply(aVersionConfirmed(ENTITY, V1, 1, null, aFullRelease()), 1);
            batch.flush();

            assertThat(store.entity(OTHER_ENTITY).orElseThrow().store()).isEqualTo(Store.PUBLIC);
            assertThat(entity().versionCount()).isEqualTo(1);
            assertThat(store.version(OTHER_ENTITY, V1)).isEmpty();
        }

        @Test
        void a_remembered_entity_saves_reading_it_back_for_the_next_event() {
            ReadModelProjection remembering = new ReadModelProjection(store, 100);
            remembering.apply(anEntityCreated(), 0);
            int gets = store.entityGets();

            remembering.apply(anUploadRequested(V1), 1);
            remembering.apply(aVersionConfirmed(V1, 1), 2);

            assertThat(store.entityGets()).isEqualTo(gets);
            assertThat(entity().versionCount()).isEqualTo(1);
        }

        @Test
        void a_remembered_entity_is_not_used_when_another_instance_wrote_in_between() {
            ReadModelProjection remembering = new ReadModelProjection(store, 100);
            remembering.apply(anEntityCreated(), 0);
            // another instance took the entity's segment over and applied event 1
            projection.apply(aPublisherGranted("bob"), 1);

            remembering.apply(anEntityShared("sam"), 2);

            assertThat(entity().publishers()).containsExactly("alice", "bob");
            assertThat(entity().sharedWith()).containsExactly("sam");
        }
    
        @Test
        void remembered_versions_save_reading_them_back_while_the_entity_is_remembered() {
            ReadModelProjection remembering = new ReadModelProjection(store, 100);
            remembering.apply(anEntityCreated(), 0);
            remembering.apply(aVersionConfirmed(V1, 1), 1);
            remembering.apply(anActiveVersionChanged(V1, null), 2);
            remembering.apply(aVersionConfirmed(V2, 2), 3);
            int gets = store.versionGets();

            remembering.apply(anActiveVersionChanged(V2, V1), 4);

            assertThat(store.versionGets()).as("V1 and V2 came from memory").isEqualTo(gets);
            assertThat(version(V1).active()).isFalse();
            assertThat(version(V2).active()).isTrue();
        }

        @Test
        void remembered_versions_are_not_used_when_another_instance_wrote_in_between() {
            ReadModelProjection remembering = new ReadModelProjection(store, 100);
            remembering.apply(anEntityCreated(), 0);
            remembering.apply(aVersionConfirmed(V1, 1), 1);
            // another instance took the entity's segment over and archived V1
            projection.apply(aVersionArchived(V1), 2);

            remembering.apply(anActiveVersionChanged(V1, null), 3);

            assertThat(version(V1).archivedAt()).as("read back, not the remembered V1").isNotNull();
            assertThat(version(V1).active()).isTrue();
        }
    }
}
