package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.registry.events.EventCatalog;
import io.registry.events.EventType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type, produced through the API, read back from the topic by a plain consumer and validated
 * against its published JSON Schema; the CloudEvents headers name the type and revision. (Same short
 * upload deadline as UploadExpiryTest, so an upload expires here too and the context is shared.)
 */
@TestPropertySource(properties = {
        "registry.s3.upload-url-ttl=PT3S",
        "registry.uploads.expiry-check-interval=PT1S"})
class KafkaContractTest extends BackendTestSupport {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    @Test
    void every_event_type_on_the_topic_validates_against_its_json_schema() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("contract");
        createEntity(alice, entityId, "zone-k", "private");
        call("PUT", "/api/entities/" + entityId + "/publishers/bob", alice, null);
        call("DELETE", "/api/entities/" + entityId + "/publishers/bob", alice, null);
        call("PUT", "/api/entities/" + entityId + "/shares/sam", alice, null);
        call("DELETE", "/api/entities/" + entityId + "/shares/sam", alice, null);
        call("PUT", "/api/entities/" + entityId + "/store", alice, Map.of("store", "public"));
        assertThat(publish(alice, entityId, "2024.06.10-120000", Map.of("set_as_active", true,
                "tags", List.of("x"), "properties", Map.of("urn:registry:team", "t"))).status()).isEqualTo(201);
        assertThat(publish(alice, entityId, "2024.06.10-120001", "2024.06.10-120000",
                Map.of("set_as_active", true)).status()).isEqualTo(201);
        assertThat(call("PUT", "/api/entities/" + entityId + "/channels/beta", alice,
                Map.of("weights", Map.of("2024.06.10-120000", 20, "2024.06.10-120001", 80))).status()).isEqualTo(200);
        assertThat(call("DELETE", "/api/entities/" + entityId + "/channels/beta", alice, null).status()).isEqualTo(200);
        assertThat(call("PUT", "/api/entities/" + entityId + "/retention", alice, Map.of("keep_latest", 5)).status())
                .isEqualTo(200);
        assertThat(call("DELETE", "/api/entities/" + entityId + "/versions/2024.06.10-120000", alice, null).status())
                .isEqualTo(200);
        assertThat(call("POST", "/api/entities/" + entityId + "/versions/upload-url", alice,
                Map.of("version", "2024.06.11-000000", "source_hash", "sha256:never")).status()).isEqualTo(201);

        Set<String> allTypes = EventCatalog.eventTypes().stream()
                .map(type -> EventCatalog.descriptorOf(type).name()).collect(Collectors.toSet());
        Map<String, ConsumerRecord<String, byte[]>> byType = consumeUntilAllTypes(entityId, allTypes);
        assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(allTypes);

        for (Class<?> type : EventCatalog.eventTypes()) {
            EventType descriptor = EventCatalog.descriptorOf(type);
            ConsumerRecord<String, byte[]> record = byType.get(descriptor.name());
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_subject")).isEqualTo(entityId);
            assertThat(header(record, "ce_dataschema"))
                    .isEqualTo("urn:registry:event-schema:" + descriptor.name() + ":" + descriptor.revision());
            JsonNode data = JSON.readTree(record.value());
            var errors = schema(descriptor).validate(data);
            assertThat(errors).as(descriptor.name() + " " + data).isEmpty();
        }
    }

    private static JsonSchema schema(EventType type) throws Exception {
        String file = "/event-schemas/" + type.name() + ".v" + type.revision() + ".schema.json";
        try (InputStream in = KafkaContractTest.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            return FACTORY.getSchema(in, CONFIG);
        }
    }

    private Map<String, ConsumerRecord<String, byte[]>> consumeUntilAllTypes(String key, Set<String> types) {
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        TopicRecords.read(TopicRecords.EVENTS, record -> key.equals(record.key()), records -> {
            records.forEach(record -> found.putIfAbsent(header(record, "ce_type"), record));
            return found.keySet().containsAll(types);
        }, Duration.ofSeconds(90));
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return TopicRecords.header(record, name);
    }
}
