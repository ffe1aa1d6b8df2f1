package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.command.release.ReleaseChecks;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release fields' size limits keep the largest possible event within what the topic accepts (an event the
 * broker refuses anyway is parked: {@link KafkaForwarderTest}).
 */
class EventSizeLimitsTest extends BackendTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_version_with_every_field_at_its_limit_is_confirmed_and_its_event_reaches_the_topic() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("largest");
        createEntity(alice, entityId, "zone-l", "private");

        Response confirm = publish(alice, entityId, "2024.06.10-153042", largestRelease());

        assertThat(confirm.status()).as(confirm.body().length() > 2000 ? confirm.body().substring(0, 2000)
                : confirm.body()).isEqualTo(201);
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.read(TopicRecords.EVENTS,
                r -> entityId.equals(r.key()) && "registry.version.confirmed".equals(TopicRecords.header(r, "ce_type")),
                found -> !found.isEmpty(), Duration.ofSeconds(90));
        assertThat(records).hasSize(1);
        JsonNode event = JSON.readTree(records.get(0).value());
        System.out.printf("largest confirmed event: %,d bytes%n", records.get(0).value().length);
        assertThat(records.get(0).value().length).isGreaterThan(750_000).isLessThan(1_000_000);
        assertThat(event.get("package_json")).isEqualTo(largestRelease().get("package_json"));
        assertThat(event.path("release").path("tags")).hasSize(50);
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("release fields over their size limits")
    void each_free_form_field_over_its_limit_is_refused_naming_it_and_nothing_is_recorded() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("too-large");
        createEntity(alice, entityId, "zone-l", "private");
        for (Map.Entry<String, Integer> limit : ReleaseChecks.MAX_JSON_BYTES.entrySet()) {
            Map<String, Object> extra = new HashMap<>();
            String filler = "x".repeat(limit.getValue());
            extra.put(limit.getKey(), switch (limit.getKey()) {
                case "links" -> List.of(Map.of("href", "https://docs.example/" + filler, "rel", "docs"));
                case "properties" -> Map.of("urn:registry:filler", filler);
                default -> Map.of("schema", Map.of("type", "object", "description", filler));
            });
            long before = events(entityId);

            Response confirm = publish(alice, entityId, "2024.06.10-153042", extra);

            assertThat(confirm.status()).as(limit.getKey()).isEqualTo(400);
            assertThat(confirm.json().get("errors").toString()).as(limit.getKey())
                    .contains("\"field\":\"" + limit.getKey() + "\"").contains("too_large");
            assertThat(events(entityId)).as("events after " + limit.getKey()).isEqualTo(before + 1);
        }
    }

    private long events(String entityId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, entityId);
    }

    /** Confirm fields each at (or just under) its documented limit, with multi-byte text where it makes JSON larger. */
    private static Map<String, Object> largestRelease() {
        Map<String, Object> extra = new HashMap<>();
        ObjectNode packageJson = JSON.createObjectNode().put("name", "largest");
        packageJson.put("blob", "p".repeat(ReleaseChecks.MAX_JSON_BYTES.get("package_json") - 40));
        extra.put("package_json", packageJson);
        extra.put("inputs", Map.of("schema", schemaOfAbout(60_000, "in"),
                "bindings", "{\"in000\": \"" + "\uD83D\uDE00".repeat(9_980) + "\"}"));
        ObjectNode outputsSchema = JSON.createObjectNode().put("type", "object");
        outputsSchema.putObject("properties").putObject("out000").put("type", "string")
                .put("description", "d".repeat(60_000));
        extra.put("outputs", Map.of("schema", outputsSchema,
                "bindings", "{\"out000\": \"" + "\uD83D\uDE00".repeat(9_970) + "\"}"));
        ArrayNode links = JSON.createArrayNode();
        for (int i = 0; i < 50; i++) {
            links.addObject().put("href", "https://docs.example/" + i + "/" + "h".repeat(1_220)).put("rel", "docs");
        }
        extra.put("links", links);
        ObjectNode properties = JSON.createObjectNode();
        for (int i = 0; i < 100; i++) {
            properties.put(String.format("urn:registry:p:%03d", i), "v".repeat(620));
        }
        extra.put("properties", properties);
        List<String> tags = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tags.add(String.format("%02d", i) + "\uD83D\uDE00".repeat(62));
        }
        extra.put("tags", tags);
        extra.put("description", "\u20AC".repeat(4_000));
        List<String> dependencies = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            dependencies.add(String.format("s%03d", i) + "-".repeat(96));
        }
        extra.put("service_dependencies", dependencies);
        return extra;
    }

    private static ObjectNode schemaOfAbout(int bytes, String prefix) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (int i = 0; properties.toString().length() < bytes - 1_100; i++) {
            properties.putObject(String.format("%s%03d", prefix, i)).put("type", "string")
                    .put("description", "d".repeat(1_000));
        }
        return schema;
    }
}
