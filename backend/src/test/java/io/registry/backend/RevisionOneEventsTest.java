package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.api.storage.ObjectStorage;
import io.registry.events.EntityCreated;
import io.registry.events.EntityEvent;
import io.registry.events.EventJson;
import io.registry.events.OwnerType;
import io.registry.events.ReleaseMetadata;
import io.registry.events.Store;
import io.registry.events.UploadRequested;
import io.registry.events.VersionConfirmed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entity whose version was confirmed before revision 2 of {@code registry.version.confirmed} existed (its event
 * stored as revision 1, its bytes at the path it was uploaded to) is read by every reader of the store through the
 * upcaster: the aggregate, the projection, the history, the Kafka forwarder, and the download.
 */
class RevisionOneEventsTest extends BackendTestSupport {

    private static final String V1 = "2023.01.10-100000";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectStorage storage;

    @Test
    void a_version_confirmed_under_revision_1_reads_everywhere_with_null_digests_and_still_downloads() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("rev1");
        String legacyPath = "entities/" + entityId + "/versions/" + V1 + "/package.tgz";
        byte[] bytes = "released before digests".getBytes(StandardCharsets.UTF_8);
        assertThat(putBytes(storage.presignPut(legacyPath, Duration.ofMinutes(5)).toString(), bytes)).isEqualTo(200);
        Instant at = Instant.parse("2023-01-10T10:00:00Z");
        record(entityId, 0, new EntityCreated(entityId, "zone-rev1", "Old package", null, null, OwnerType.CUSTOMER,
                "acme", Store.PRIVATE, "alice", at), "1");
        record(entityId, 1, new UploadRequested(entityId, V1, "sha256:old", null, legacyPath, null, false,
                at.plusSeconds(900), "alice", at), "1");
        ObjectNode revision1 = EventJson.mapper().valueToTree(new VersionConfirmed(entityId, V1, 1, "sha256:old", null,
                legacyPath, bytes.length, null, null, null, List.of(), null, "0".repeat(64), ReleaseMetadata.empty(),
                "alice", at));
        revision1.remove("package_sha256");
        revision1.remove("lockfile_sha256");
        recordJson(entityId, 2, "registry.version.confirmed", "1", revision1);

        // the aggregate reads it: a new version may be based on it
        Response next = call("POST", "/api/entities/" + entityId + "/versions/upload-url", alice,
                Map.of("version", "2024.06.10-153042", "source_hash", "sha256:new", "base_version_id", V1));
        assertThat(next.status()).as(next.body()).isEqualTo(201);

        // the projection reads it
        Response version = call("GET", "/api/entities/" + entityId + "/versions/" + V1, alice, null,
                Map.of("X-Consistency-Token", next.json().get("consistency_token").asText()));
        assertThat(version.status()).as(version.body()).isEqualTo(200);
        assertThat(version.json().get("package_sha256").isNull()).isTrue();
        assertThat(version.json().get("storage_path").asText()).isEqualTo(legacyPath);

        // the download serves the bytes where they were uploaded
        Response download = call("GET", "/api/entities/" + entityId + "/versions/" + V1 + "/download", alice, null);
        assertThat(download.json().get("package_sha256").isNull()).isTrue();
        assertThat(ReleasedContentTest.get(download.json().get("download_url").asText())).isEqualTo(bytes);

        // the history shows it in its current revision
        JsonNode history = call("GET", "/api/entities/" + entityId + "/history", alice, null).json();
        JsonNode confirmed = history.get("items").get(2);
        assertThat(confirmed.get("type").asText()).isEqualTo("registry.version.confirmed");
        assertThat(confirmed.get("revision").asText()).isEqualTo("2");
        assertThat(confirmed.get("data").has("package_sha256")).isTrue();
        assertThat(confirmed.get("data").get("package_sha256").isNull()).isTrue();

        // the forwarder publishes it as revision 2
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.read(TopicRecords.EVENTS,
                r -> entityId.equals(r.key()) && "registry.version.confirmed".equals(TopicRecords.header(r, "ce_type")),
                found -> !found.isEmpty(), Duration.ofSeconds(60));
        assertThat(records).hasSize(1);
        assertThat(TopicRecords.header(records.get(0), "ce_dataschema"))
                .isEqualTo("urn:registry:event-schema:registry.version.confirmed:2");
        assertThat(JSON.readTree(records.get(0).value()).get("package_sha256").isNull()).isTrue();
    }

    private void record(String entityId, long sequence, EntityEvent event, String revision) throws Exception {
        String type = io.registry.events.EventCatalog.descriptorOf(event.getClass()).name();
        recordJson(entityId, sequence, type, revision, EventJson.mapper().valueToTree(event));
    }

    /** An event as the store kept it when it was recorded: the row Axon's JDBC engine writes. */
    private void recordJson(String entityId, long sequence, String type, String revision, JsonNode payload)
            throws Exception {
        jdbc.update("INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, "
                        + "meta_data, payload, payload_revision, payload_type, time_stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entityId, sequence, "PackageEntity", UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                EventJson.mapper().writeValueAsBytes(payload), revision, type, "2023-01-10T10:00:00.000Z");
    }
}
