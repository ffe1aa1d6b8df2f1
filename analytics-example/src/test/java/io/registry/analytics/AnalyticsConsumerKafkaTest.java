package io.registry.analytics;

import io.registry.stack.SharedStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Against a real broker (the project's service stack): records are produced exactly as the registry publishes them
 * (key = entity id, value = the event JSON, CloudEvents binary-mode headers), some of them twice with the same
 * {@code ce_id}, and the consumer's figures must count each event once.
 */
class AnalyticsConsumerKafkaTest {

    private static String bootstrapServers;

    @BeforeAll
    static void broker() {
        bootstrapServers = SharedStack.get().endpoints().kafkaBootstrapServers();
    }

    @Test
    void counts_every_event_once_and_commits_what_it_processed() throws Exception {
        String topic = "registry.entity-events.v1.analytics-test-" + UUID.randomUUID();
        String group = "analytics-test-" + UUID.randomUUID();
        createTopic(topic, 3);

        EntityStream billing = new EntityStream("billing-api");
        EntityStream search = new EntityStream("search-api");
        EntityStream maps = new EntityStream("maps-api");
        EntityStream legacy = new EntityStream("legacy-api");
        List<Event> sent = new ArrayList<>();

        sent.add(billing.created("zone-eu", "2024-06-09T08:00:00Z"));
        sent.add(billing.other("registry.entity.publisher-granted", null, """
                {"entity_id":"billing-api","user_id":"bob","granted_by":"alice","granted_at":"2024-06-09T08:01:00Z"}"""));
        sent.add(billing.uploadRequested("2024.06.09-215900", "2024-06-09T21:59:00Z"));
        sent.add(billing.confirmed("2024.06.09-215900", 1, "2024-06-09T22:00:00Z"));
        sent.add(billing.uploadRequested("2024.06.10-090000", "2024-06-10T09:00:00Z"));
        Event billingConfirmed = billing.confirmed("2024.06.10-090000", 2, "2024-06-10T09:00:05Z");
        sent.add(billingConfirmed);
        sent.add(billingConfirmed); // a producer retry: same ce_id right after
        Event billingActivated = billing.activated("2024.06.10-090000", null, "2024-06-10T09:00:05Z");
        sent.add(billingActivated);
        Event billingArchived = billing.archived("2024.06.09-215900", "2024-06-10T10:00:00Z");
        sent.add(billingArchived);

        Event searchCreated = search.created("zone-eu", "2024-06-10T11:00:00Z");
        sent.add(searchCreated);
        sent.add(searchCreated);
        sent.add(search.confirmed("2024.06.10-235959", 1, "2024-06-10T23:59:59.500Z"));
        sent.add(search.other("registry.entity.renamed", null, """
                {"entity_id":"search-api","name":"Search","renamed_by":"alice","renamed_at":"2024-06-11T01:00:00Z"}"""));

        sent.add(maps.created("zone-us", "2024-06-10T11:30:00Z"));
        Event mapsConfirmed = maps.confirmed("2024.06.10-120000", 1, "2024-06-10T12:00:00Z");
        sent.add(mapsConfirmed);
        sent.add(maps.activated("2024.06.10-120000", null, "2024-06-10T12:00:00Z"));
        sent.add(maps.other("registry.entity.store-changed", null, """
                {"entity_id":"maps-api","store":"public","previous_store":"org","changed_by":"alice","changed_at":"2024-06-10T12:30:00Z"}"""));
        sent.add(maps.confirmed("2024.06.11-070000", 2, "2024-06-11T07:00:00Z"));
        sent.add(maps.activated("2024.06.11-070000", "2024.06.10-120000", "2024-06-11T07:00:00Z"));

        // an entity created before the topic's retained history: its zone is unknown
        legacy.sequence = 41;
        sent.add(legacy.confirmed("2024.06.10-180000", 7, "2024-06-10T18:00:00Z"));

        // redeliveries after a crash before commit: the same events again, later in their partitions
        sent.add(billingActivated);
        sent.add(billingArchived);
        sent.add(mapsConfirmed);

        produce(topic, sent);
        long duplicates = sent.size() - sent.stream().map(Event::id).distinct().count();
        assertThat(duplicates).isEqualTo(5);

        try (AnalyticsConsumer analytics = AnalyticsConsumer.connect(bootstrapServers, topic, group)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (analytics.figures().recordsRead() < sent.size() && System.nanoTime() < deadline) {
                analytics.pollOnce();
            }
            Figures figures = analytics.run(Duration.ofSeconds(2)); // nothing more arrives

            assertThat(figures.recordsRead()).isEqualTo(sent.size());
            assertThat(figures.duplicatesSkipped()).isEqualTo(5);
            assertThat(figures.recordsSkipped()).isZero();
            assertThat(figures.confirmedPerZonePerDay()).containsOnly(
                    entry("zone-eu", Map.of(day("2024-06-09"), 1L, day("2024-06-10"), 2L)),
                    entry("zone-us", Map.of(day("2024-06-10"), 1L, day("2024-06-11"), 1L)),
                    entry(AnalyticsConsumer.UNKNOWN_ZONE, Map.of(day("2024-06-10"), 1L)));
            assertThat(figures.confirmed("zone-eu", day("2024-06-10"))).isEqualTo(2);
            assertThat(figures.activationsPerEntity()).containsOnly(entry("billing-api", 1L), entry("maps-api", 2L));
            assertThat(figures.archivesPerEntity()).containsOnly(entry("billing-api", 1L));
            assertThat(figures.describe()).contains("zone-eu 2024-06-10: 2", "billing-api: 1");

            assertThat(committedOffsets(group, topic)).isEqualTo(endOffsets(topic));
        }

        // a restart in the same group resumes after the committed offsets: nothing is read again
        try (AnalyticsConsumer restarted = AnalyticsConsumer.connect(bootstrapServers, topic, group)) {
            assertThat(restarted.run(Duration.ofSeconds(5)).recordsRead()).isZero();
        }
    }

    // ---- records as the registry publishes them ----

    private record Event(String id, String type, String entityId, long sequence, String versionId, String time,
                         String json) {
    }

    private static final Pattern INSTANT_FIELD = Pattern.compile("\"[a-z_]+_at\"\\s*:\\s*\"([^\"]+)\"");

    /** One entity's events, numbered from 0 as {@code ce_sequence}. */
    private static final class EntityStream {
        final String entityId;
        long sequence;

        EntityStream(String entityId) {
            this.entityId = entityId;
        }

        Event created(String zone, String at) {
            return other("registry.entity.created", null, """
                    {
                      "entity_id" : "%1$s",
                      "zone_id" : "%2$s",
                      "name" : "%1$s",
                      "description" : null,
                      "icon_url" : null,
                      "owner_type" : "customer",
                      "organization_id" : "acme",
                      "store" : "org",
                      "created_by" : "alice",
                      "created_at" : "%3$s"
                    }
                    """.formatted(entityId, zone, at));
        }

        Event uploadRequested(String versionId, String at) {
            return other("registry.version.upload-requested", versionId, """
                    {
                      "entity_id" : "%1$s",
                      "version_id" : "%2$s",
                      "source_hash" : "sha256:%2$s",
                      "base_version_id" : null,
                      "storage_path" : "entities/%1$s/versions/%2$s/package.tgz",
                      "lockfile_path" : "entities/%1$s/versions/%2$s/package-lock.json",
                      "force" : false,
                      "expires_at" : "2099-01-01T00:00:00Z",
                      "requested_by" : "alice",
                      "requested_at" : "%3$s"
                    }
                    """.formatted(entityId, versionId, at));
        }

        Event confirmed(String versionId, int number, String at) {
            return other("registry.version.confirmed", versionId, """
                    {
                      "entity_id" : "%1$s",
                      "version_id" : "%2$s",
                      "version" : %3$d,
                      "source_hash" : "sha256:%2$s",
                      "base_version_id" : null,
                      "storage_path" : "entities/%1$s/versions/%2$s/package.tgz",
                      "file_size_bytes" : 1234,
                      "package_lock_path" : "entities/%1$s/versions/%2$s/package-lock.json",
                      "service_dependencies" : [ "postgres" ],
                      "package_json" : { "name" : "%1$s", "version" : "1.0.%3$d" },
                      "manifest_sha" : "9f86d081884c7d65",
                      "release" : {
                        "description" : null,
                        "icon_url" : null,
                        "inputs" : null,
                        "outputs" : null,
                        "links" : [ { "href" : "https://docs.example", "rel" : "docs" } ],
                        "properties" : { "urn:registry:team" : "payments" },
                        "tags" : [ "billing" ]
                      },
                      "confirmed_by" : "alice",
                      "confirmed_at" : "%4$s"
                    }
                    """.formatted(entityId, versionId, number, at));
        }

        Event activated(String versionId, String previous, String at) {
            return other("registry.version.activated", versionId, """
                    {
                      "entity_id" : "%s",
                      "version_id" : "%s",
                      "previous_version_id" : %s,
                      "changed_by" : "alice",
                      "changed_at" : "%s"
                    }
                    """.formatted(entityId, versionId, previous == null ? "null" : "\"" + previous + "\"", at));
        }

        Event archived(String versionId, String at) {
            return other("registry.version.archived", versionId, """
                    {
                      "entity_id" : "%s",
                      "version_id" : "%s",
                      "archived_by" : "alice",
                      "archived_at" : "%s"
                    }
                    """.formatted(entityId, versionId, at));
        }

        Event other(String type, String versionId, String json) {
            return new Event(UUID.randomUUID().toString(), type, entityId, sequence++, versionId, timeOf(json), json);
        }

        private static String timeOf(String json) {
            // ce_time: the event's own instant, its last "..._at" field (expires_at comes before requested_at)
            Matcher matcher = INSTANT_FIELD.matcher(json);
            String last = null;
            while (matcher.find()) {
                last = matcher.group(1);
            }
            return last;
        }
    }

    private static void produce(String topic, List<Event> events) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            for (Event event : events) {
                RecordHeaders headers = new RecordHeaders();
                Map<String, String> values = new LinkedHashMap<>();
                values.put("ce_specversion", "1.0");
                values.put("ce_id", event.id());
                values.put("ce_type", event.type());
                values.put("ce_source", "/registry/entities/" + event.entityId());
                values.put("ce_subject", event.entityId());
                values.put("ce_time", event.time());
                values.put("ce_dataschema", "urn:registry:event-schema:" + event.type() + ":1");
                values.put("content-type", "application/json");
                values.put("ce_sequence", Long.toString(event.sequence()));
                if (event.versionId() != null) {
                    values.put("ce_versionid", event.versionId());
                }
                values.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(topic, null, event.entityId(),
                        event.json().getBytes(StandardCharsets.UTF_8), headers)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(properties);
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<TopicPartition, Long> committedOffsets(String group, String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** End offsets of the partitions that hold records. */
    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            Set<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getValue().offset() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static LocalDate day(String text) {
        return LocalDate.parse(text);
    }
}
