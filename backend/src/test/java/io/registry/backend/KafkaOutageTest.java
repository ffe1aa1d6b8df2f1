package io.registry.backend;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker outage never blocks a publisher's command and never loses an event: with Kafka stopped the
 * commands succeed (the events are in the store), the forwarder's lag grows, and once the broker is back
 * every event reaches the topic, in per-entity order.
 */
class KafkaOutageTest extends BackendTestSupport {

    private static final String TOPIC = "registry.entity-events.v1";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void events_recorded_while_the_broker_is_down_are_published_in_order_once_it_is_back() throws Exception {
        String alice = token("alice", "acme");
        List<String> entities = List.of(uniqueId("outage-a"), uniqueId("outage-b"));
        for (String entityId : entities) {
            createEntity(alice, entityId, "zone-o", "private");
        }
        awaitLag(0);

        SharedStack.get().stopKafka();
        try {
            for (String entityId : entities) {
                for (int i = 0; i < 3; i++) {
                    Response confirmed = publish(alice, entityId, "2024.06.10-12000" + i,
                            Map.of("set_as_active", true));
                    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
                }
            }
            assertThat(lag()).isGreaterThan(0);
        } finally {
            SharedStack.get().startKafka();
        }
        awaitLag(0);

        Map<String, List<String>> stored = new HashMap<>();
        for (String entityId : entities) {
            stored.put(entityId, jdbc.queryForList("select event_identifier from domain_event_entry "
                    + "where aggregate_identifier = ? order by sequence_number", String.class, entityId));
            assertThat(stored.get(entityId)).hasSize(1 + 3 * 3);
        }
        Map<String, List<String>> published = consume(Set.copyOf(entities),
                stored.values().stream().mapToInt(List::size).sum());
        for (String entityId : entities) {
            assertThat(distinctInOrder(published.get(entityId))).as(entityId)
                    .containsExactlyElementsOf(stored.get(entityId));
        }
    }

    private static List<String> distinctInOrder(List<String> ids) {
        List<String> distinct = new ArrayList<>();
        for (String id : ids) {
            if (!distinct.contains(id)) {
                distinct.add(id);
            }
        }
        return distinct;
    }

    private double lag() {
        Response metric = call("GET", "/actuator/metrics/registry.processor.lag?tag=processor:kafka-publisher",
                token("ops", "ops", "admin"), null);
        assertThat(metric.status()).as(metric.body()).isEqualTo(200);
        return metric.json().get("measurements").get(0).get("value").asDouble();
    }

    private void awaitLag(double expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (lag() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        assertThat(lag()).isEqualTo(expected);
    }

    private Map<String, List<String>> consume(Set<String> keys, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.get().endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, List<String>> found = new HashMap<>();
        int count = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(record.key())) {
                        found.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(
                                new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
                        count++;
                    }
                }
            }
        }
        return found;
    }
}
