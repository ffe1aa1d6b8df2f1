package io.registry.backend;

import io.registry.command.kafka.KafkaEventForwarder;
import io.registry.command.kafka.KafkaTopicProperties;
import io.registry.command.kafka.ParkedEvents;
import io.registry.command.kafka.ReplaceableProducer;
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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forwarder against the real broker, on topics of its own (so no other test's events are in the way): a
 * fresh topic gets its first event fast, and an event the broker refuses for good is parked while the events
 * around it are published.
 */
class KafkaForwarderTest extends BackendTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void the_first_event_on_a_fresh_topic_is_published_within_two_seconds() throws Exception {
        String topic = "fresh-" + UUID.randomUUID();
        try (Admin admin = admin(); ReplaceableProducer producer = producer()) {
            KafkaEventForwarder forwarder = new KafkaEventForwarder(producer, admin,
                    new KafkaTopicProperties(topic, 6, (short) 1, Duration.ofSeconds(20), "/registry"),
                    new ParkedEvents(jdbc));
            String entityId = uniqueId("first");
            var first = message(entityId, new PublisherGranted(entityId, "bob", "alice", Instant.now()));

            long started = System.nanoTime();
            forwarder.on((EntityEvent) first.getPayload(), first);
            List<ConsumerRecord<String, byte[]>> records = TopicRecords.read(topic, r -> true,
                    found -> !found.isEmpty(), Duration.ofSeconds(10));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            System.out.printf("first event on a fresh topic: acknowledged and read back after %d ms%n", elapsedMillis);
            assertThat(records).extracting(ConsumerRecord::key).containsExactly(entityId);
            assertThat(elapsedMillis).as("ms from the first send to the record read back").isLessThan(2_000);
        }
    }

    @Test
    void an_event_the_broker_refuses_is_parked_and_the_events_around_it_are_published() throws Exception {
        String topic = "parking-" + UUID.randomUUID();
        try (Admin admin = admin(); ReplaceableProducer producer = producer()) {
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

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedStack.get().endpoints().kafkaBootstrapServers()));
    }

    private static ReplaceableProducer producer() {
        String bootstrap = SharedStack.get().endpoints().kafkaBootstrapServers();
        return new ReplaceableProducer(() -> new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer()));
    }
}
