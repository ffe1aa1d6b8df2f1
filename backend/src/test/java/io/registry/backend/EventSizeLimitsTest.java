package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.command.kafka.KafkaEventForwarder;
import io.registry.command.kafka.KafkaTopicProperties;
import io.registry.command.kafka.ParkedEvents;
import io.registry.command.release.ReleaseChecks;
import io.registry.events.EntityEvent;
import io.registry.events.EventJson;
import io.registry.events.PublisherGranted;
import io.registry.events.ReleaseMetadata;
import io.registry.events.VersionConfirmed;
import io.registry.stack.SharedStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release fields' size limits keep the largest possible event within what the topic accepts, and an event the
 * broker refuses anyway is parked instead of stopping publication for every entity.
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

    @Test
    void an_event_the_broker_refuses_is_parked_and_the_events_around_it_are_published() throws Exception {
        String topic = "parking-" + UUID.randomUUID();
        String bootstrap = SharedStack.get().endpoints().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             Producer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "20000")))).all().get();
            ParkedEvents parked = new ParkedEvents(jdbc);
            KafkaEventForwarder forwarder = new KafkaEventForwarder(producer, admin,
                    new KafkaTopicProperties(topic, 1, (short) 1, Duration.ofSeconds(20), "/registry"), parked);
            String before = uniqueId("small-a");
            String large = uniqueId("large");
            String after = uniqueId("small-b");
            var first = message(before, new PublisherGranted(before, "bob", "alice", Instant.now()));
            var refused = message(large, aConfirmedEventOf(large, 60_000));
            var last = message(after, new PublisherGranted(after, "bob", "alice", Instant.now()));

            // one processor batch: the refused event in the middle of two others
            DefaultUnitOfWork.startAndGet(first).execute(() -> {
                try {
                    forwarder.on((EntityEvent) first.getPayload(), first);
                    forwarder.on((EntityEvent) refused.getPayload(), refused);
                    forwarder.on((EntityEvent) last.getPayload(), last);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            List<ConsumerRecord<String, byte[]>> published = TopicRecords.read(topic, r -> true,
                    found -> found.size() >= 2, Duration.ofSeconds(30));
            assertThat(published).extracting(ConsumerRecord::key).containsExactly(before, after);
            assertThat(parked.list()).anySatisfy(p -> {
                assertThat(p.eventId()).isEqualTo(refused.getIdentifier());
                assertThat(p.entityId()).isEqualTo(large);
                assertThat(p.reason()).contains("RecordTooLarge");
            });

            String admin1 = token("root", "platform", "admin");
            Response list = call("GET", "/admin/kafka/parked", admin1, null);
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body()).contains(refused.getIdentifier());
            assertThat(call("GET", "/admin/kafka/parked", token("alice", "acme"), null).status()).isEqualTo(403);
            Response stillRefused = call("POST", "/admin/kafka/parked/" + refused.getIdentifier() + "/publish", admin1,
                    null);
            assertThat(stillRefused.status()).as(stillRefused.body()).isEqualTo(502);
            assertThat(stillRefused.json().get("code").asText()).isEqualTo("kafka_refused");

            // the operator raises the topic's limit and publishes the parked event again
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"), AlterConfigOp.OpType.SET))))
                    .all().get();
            Response republished = call("POST", "/admin/kafka/parked/" + refused.getIdentifier() + "/publish",
                    admin1, null);
            assertThat(republished.status()).as(republished.body()).isEqualTo(200);
            assertThat(TopicRecords.read(topic, r -> true, found -> found.size() >= 3, Duration.ofSeconds(30)))
                    .extracting(ConsumerRecord::key).containsExactly(before, after, large);
            assertThat(parked.list()).noneSatisfy(p -> assertThat(p.eventId()).isEqualTo(refused.getIdentifier()));
        }
    }

    private long events(String entityId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, entityId);
    }

    private static GenericDomainEventMessage<EntityEvent> message(String entityId, EntityEvent event) {
        return new GenericDomainEventMessage<>("PackageEntity", entityId, 1, event);
    }

    private static VersionConfirmed aConfirmedEventOf(String entityId, int packageJsonBytes) {
        ObjectNode packageJson = EventJson.mapper().createObjectNode().put("blob", "x".repeat(packageJsonBytes));
        return new VersionConfirmed(entityId, "2024.06.10-153042", 1, "sha256:aa", null,
                "uploads/" + entityId + "/2024.06.10-153042/0123456789abcdef/package.tgz", 1,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null, null, List.of(), packageJson,
                "00", ReleaseMetadata.empty(), "alice", Instant.now());
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
