package io.registry.backend;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.events.ActiveVersionChanged;
import io.registry.events.EntityCreated;
import io.registry.events.EntityEvent;
import io.registry.events.OwnerType;
import io.registry.events.ReleaseMetadata;
import io.registry.events.Store;
import io.registry.events.UploadRequested;
import io.registry.events.VersionArchived;
import io.registry.events.VersionConfirmed;
import io.registry.query.elastic.ElasticsearchReadModelStore;
import io.registry.query.elastic.IndexTarget;
import io.registry.query.elastic.ReadModelIndices;
import io.registry.query.projection.ReadModelProjection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection against a real Elasticsearch, fed events directly: documents carry the sequence of the last event
 * that changed them as their external version, so a late or repeated writer (an instance that lost its segment, a live
 * projection re-applying what a rebuild wrote) can never set them back.
 */
class ProjectionOrderingTest extends BackendTestSupport {

    private static final Instant AT = Instant.parse("2024-06-10T15:30:42Z");
    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Autowired
    ElasticsearchClient client;

    private IndexTarget target;
    private final String entityId = "ordering-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void indicesOfTheirOwn() throws Exception {
        ReadModelIndices indices = new ReadModelIndices(client, "ordering-" + UUID.randomUUID());
        target = new IndexTarget(indices.create(indices.versions(), "t"), indices.create(indices.entities(), "t"));
    }

    @Test
    void a_late_writer_replaying_older_events_never_sets_documents_back() throws Exception {
        List<EntityEvent> history = history();
        ReadModelProjection current = projection();
        for (int sequence = 0; sequence <= 2; sequence++) {
            current.apply(history.get(sequence), sequence);
        }
        // an instance about to lose its segment computes event 3 (v1 becomes active) on the documents as of event 2 ...
        ReadModelProjection.Batch late = projection().begin();
        late.apply(history.get(3), 3);
        // ... meanwhile the instance that took the segment over applies 3..7 (v2 active, v1 archived) ...
        for (int sequence = 3; sequence < history.size(); sequence++) {
            current.apply(history.get(sequence), sequence);
        }
        ObjectNode entityBefore = document(target.entities(), entityId);
        ObjectNode versionBefore = document(target.versions(), entityId + "/2024.06.10-153042");
        assertThat(versionBefore.path("archived_at").isNull()).isFalse();
        assertThat(versionBefore.path("active").asBoolean()).isFalse();

        // ... and the late write arrives last: Elasticsearch keeps the newer documents
        late.flush();

        assertThat(document(target.entities(), entityId)).isEqualTo(entityBefore);
        assertThat(document(target.versions(), entityId + "/2024.06.10-153042")).isEqualTo(versionBefore);
    }

    @Test
    void events_already_applied_are_skipped_and_the_next_one_applies() throws Exception {
        List<EntityEvent> history = history();
        ReadModelProjection projection = projection();
        for (int sequence = 0; sequence < 4; sequence++) {
            projection.apply(history.get(sequence), sequence);
        }
        for (int sequence = 0; sequence < history.size(); sequence++) {
            projection.apply(history.get(sequence), sequence);
        }
        ObjectNode entity = document(target.entities(), entityId);
        assertThat(entity.path("last_sequence").asLong()).isEqualTo(history.size() - 1);
        assertThat(entity.path("active_version_id").asText()).isEqualTo("2024.06.11-090000");
        assertThat(document(target.versions(), entityId + "/2024.06.10-153042").path("archived_at").isNull()).isFalse();
    }

    private ReadModelProjection projection() {
        return new ReadModelProjection(new ElasticsearchReadModelStore(client, target, null));
    }

    private List<EntityEvent> history() {
        String v1 = "2024.06.10-153042";
        String v2 = "2024.06.11-090000";
        return List.of(
                new EntityCreated(entityId, "zone-o", "Ordering", null, null, OwnerType.CUSTOMER, "acme", Store.PRIVATE,
                        "alice", AT),
                new UploadRequested(entityId, v1, "sha256:1", null, "p1", null, false, AT.plusSeconds(900), "alice", AT),
                confirmed(v1, 1),
                new ActiveVersionChanged(entityId, v1, null, "alice", AT),
                new UploadRequested(entityId, v2, "sha256:2", null, "p2", null, false, AT.plusSeconds(900), "alice", AT),
                confirmed(v2, 2),
                new ActiveVersionChanged(entityId, v2, v1, "alice", AT),
                new VersionArchived(entityId, v1, "alice", AT, null));
    }

    private VersionConfirmed confirmed(String versionId, int number) {
        return new VersionConfirmed(entityId, versionId, number, "sha256:" + number, null, "p" + number, 1, SHA, null,
                null, List.of(), null, "00", ReleaseMetadata.empty(), "alice", AT);
    }

    private ObjectNode document(String index, String id) throws Exception {
        return client.get(g -> g.index(index).id(id).realtime(true), ObjectNode.class).source();
    }
}
