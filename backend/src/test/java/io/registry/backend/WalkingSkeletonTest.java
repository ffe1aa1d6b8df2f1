package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.stack.SharedStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One version travels the whole system over HTTP: create an entity, request upload URLs, PUT the bytes to
 * the signed URLs, confirm, then find the version in the zone listing, its events in the event store and
 * on the Kafka topic (read by a real consumer).
 */
class WalkingSkeletonTest extends BackendTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_version_travels_from_upload_to_listing_event_store_and_kafka() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("billing");
        String zone = uniqueId("zone");
        String version = "2024.06.10-153042";
        byte[] pkg = "a tiny package".getBytes(StandardCharsets.UTF_8);
        byte[] lock = "{\"lockfileVersion\":3}".getBytes(StandardCharsets.UTF_8);

        Response created = call("POST", "/api/entities", alice,
                Map.of("id", entityId, "zone_id", zone, "name", "Billing API", "store", "org"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        Response upload = call("POST", "/api/entities/" + entityId + "/versions/upload-url", alice,
                Map.of("version", version, "source_hash", "sha256:0a1b2c"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        JsonNode ticket = upload.json();
        assertThat(ticket.get("status").asText()).isEqualTo("upload_required");
        assertThat(putBytes(ticket.get("upload_url").asText(), pkg)).isEqualTo(200);
        assertThat(putBytes(ticket.get("lockfile_upload_url").asText(), lock)).isEqualTo(200);

        Response confirmed = call("POST", "/api/entities/" + entityId + "/versions/confirm", alice, Map.of(
                "storage_path", ticket.get("storage_path").asText(),
                "version", version,
                "source_hash", "sha256:0a1b2c",
                "file_size_bytes", pkg.length,
                "package_lock_path", ticket.get("package_lock_path").asText(),
                "set_as_active", true));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        assertThat(confirmed.json().get("version").asInt()).isEqualTo(1);
        assertThat(confirmed.json().get("manifest_sha").asText()).hasSize(64);
        String consistency = confirmed.json().get("consistency_token").asText();

        Response listing = call("GET", "/zones/" + zone + "/packages/" + entityId + "/versions", alice, null,
                Map.of("X-Consistency-Token", consistency));
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        assertThat(listing.header("X-Consistency-Stale")).isNull();
        JsonNode items = listing.json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("id").asText()).isEqualTo(version);
        assertThat(items.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(items.get(0).get("name").asText()).isEqualTo("Billing API");
        assertThat(items.get(0).get("owner_type").asText()).isEqualTo("customer");
        assertThat(items.get(0).get("manifest_sha").asText()).isEqualTo(confirmed.json().get("manifest_sha").asText());
        assertThat(listing.json().get("pagination").get("total_count").asInt()).isEqualTo(1);
        assertThat(listing.json().get("pagination").get("after_cursor").isNull()).isTrue();

        List<Map<String, Object>> stored = jdbc.queryForList(
                "select event_identifier, payload_type, sequence_number from domain_event_entry "
                        + "where aggregate_identifier = ? order by sequence_number", entityId);
        assertThat(stored).extracting(row -> row.get("payload_type")).containsExactly(
                "registry.entity.created", "registry.version.upload-requested", "registry.version.confirmed",
                "registry.version.activated");

        List<ConsumerRecord<String, byte[]>> records = consume(entityId, stored.size());
        assertThat(records).extracting(r -> header(r, "ce_id"))
                .containsExactlyElementsOf(stored.stream().map(row -> (String) row.get("event_identifier")).toList());
        assertThat(records).extracting(r -> header(r, "ce_type")).containsExactly(
                "registry.entity.created", "registry.version.upload-requested", "registry.version.confirmed",
                "registry.version.activated");
        JsonNode confirmedEvent = JSON.readTree(records.get(2).value());
        assertThat(confirmedEvent.get("version_id").asText()).isEqualTo(version);
        assertThat(confirmedEvent.get("file_size_bytes").asLong()).isEqualTo(pkg.length);
    }

    @Test
    void the_storage_server_refuses_a_tampered_signed_url() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("tamper");
        call("POST", "/api/entities", alice, Map.of("id", entityId, "zone_id", "zone-t", "name", "Tamper"));
        JsonNode ticket = call("POST", "/api/entities/" + entityId + "/versions/upload-url", alice,
                Map.of("version", "2024.06.10-153042", "source_hash", "sha256:ff")).json();
        String url = ticket.get("upload_url").asText();

        String otherKey = url.replace("package.tgz", "evil.tgz");
        assertThat(putBytes(otherKey, new byte[] {1, 2, 3})).isEqualTo(403);
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char flipped = url.charAt(at) == 'a' ? 'b' : 'a';
        String badSignature = url.substring(0, at) + flipped + url.substring(at + 1);
        assertThat(putBytes(badSignature, new byte[] {1, 2, 3})).isEqualTo(403);
        assertThat(putBytes(url, new byte[] {1, 2, 3})).isEqualTo(200);
    }

    @Test
    void requests_without_a_token_get_401_problem_details() {
        Response response = call("GET", "/zones/z/packages/p/versions", null, null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo("unauthenticated");
    }

    private List<ConsumerRecord<String, byte[]>> consume(String key, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.get().endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "skeleton-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("registry.entity-events.v1"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
