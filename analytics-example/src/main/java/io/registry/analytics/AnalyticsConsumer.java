package io.registry.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An example analytics consumer of the registry's entity events, written only against the published contract:
 * the CloudEvents 1.0 Kafka binary binding headers ({@code ce_id}, {@code ce_type}, ...) and the documented JSON
 * fields of the record value, read by name. It does not use the registry's own classes.
 *
 * <p>Processing: each polled batch is processed, then its offsets are committed ({@code enable.auto.commit=false},
 * {@link Consumer#commitSync(Map)}), so a crash redelivers at most the uncommitted batch. Delivery is at least once,
 * so records are deduplicated by {@code ce_id} in a bounded {@link RecentIds} window. Events of types it does not
 * count, including types added later, are read and ignored.
 *
 * <p>The figures and the dedup window live in memory: a fresh consumer group starts at the earliest offset and
 * rebuilds them from the topic. Not thread-safe: call everything but {@link #wakeup()} from one thread.
 */
public final class AnalyticsConsumer implements AutoCloseable {

    public static final String DEFAULT_TOPIC = "registry.entity-events.v1";
    public static final String DEFAULT_GROUP = "registry-analytics-example";
    public static final int DEFAULT_DEDUP_CAPACITY = 100_000;
    /** The zone counted for a confirmed version whose entity's {@code registry.entity.created} was not seen. */
    public static final String UNKNOWN_ZONE = "(unknown)";

    // the contract: CloudEvents Kafka binary-mode headers (UTF-8 values) and frozen event type names
    static final String HEADER_SPECVERSION = "ce_specversion";
    static final String HEADER_ID = "ce_id";
    static final String HEADER_TYPE = "ce_type";
    static final String HEADER_SUBJECT = "ce_subject";
    static final String TYPE_ENTITY_CREATED = "registry.entity.created";
    static final String TYPE_VERSION_CONFIRMED = "registry.version.confirmed";
    static final String TYPE_VERSION_ACTIVATED = "registry.version.activated";
    static final String TYPE_VERSION_ARCHIVED = "registry.version.archived";

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final Consumer<String, byte[]> consumer;
    private final ObjectMapper json = new ObjectMapper();
    private final RecentIds seen;

    private final Map<String, String> zoneByEntity = new HashMap<>();
    private final Map<String, Map<LocalDate, Long>> confirmed = new TreeMap<>();
    private final Map<String, Long> activations = new TreeMap<>();
    private final Map<String, Long> archives = new TreeMap<>();
    private long recordsRead;
    private long duplicatesSkipped;
    private long recordsSkipped;

    /** Subscribes {@code consumer} (which must not auto-commit) to {@code topic}. */
    public AnalyticsConsumer(Consumer<String, byte[]> consumer, String topic, int dedupCapacity) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.seen = new RecentIds(dedupCapacity);
        consumer.subscribe(List.of(Objects.requireNonNull(topic, "topic")));
    }

    /** A {@link KafkaConsumer} in group {@code groupId} that starts at the earliest offset of a new group. */
    public static AnalyticsConsumer connect(String bootstrapServers, String topic, String groupId) {
        return connect(bootstrapServers, topic, groupId, DEFAULT_DEDUP_CAPACITY);
    }

    public static AnalyticsConsumer connect(String bootstrapServers, String topic, String groupId, int dedupCapacity) {
        return new AnalyticsConsumer(new KafkaConsumer<>(consumerProperties(bootstrapServers, groupId)), topic,
                dedupCapacity);
    }

    /** The consumer settings {@link #connect} uses: manual commit, earliest offset for a new group. */
    public static Properties consumerProperties(String bootstrapServers, String groupId) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    /** One poll (up to 500 ms), processing and commit; returns the number of records read. */
    public int pollOnce() {
        return pollOnce(POLL_TIMEOUT);
    }

    /** One poll of at most {@code timeout}; the batch is processed, then its offsets are committed. */
    public int pollOnce(Duration timeout) {
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        if (records.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            process(record);
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        consumer.commitSync(next);
        return records.count();
    }

    /** Polls, processes and commits for {@code duration}, then returns the figures. */
    public Figures run(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            pollOnce(Duration.ofNanos(Math.min(remaining, POLL_TIMEOUT.toNanos())));
        }
        return figures();
    }

    /** A snapshot of the figures so far. */
    public Figures figures() {
        return new Figures(confirmed, activations, archives, recordsRead, duplicatesSkipped, recordsSkipped);
    }

    /** Makes a blocked {@link #pollOnce} throw {@link org.apache.kafka.common.errors.WakeupException}; any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** Counts one record, once per {@code ce_id}. */
    void process(ConsumerRecord<String, byte[]> record) {
        recordsRead++;
        String id = header(record, HEADER_ID);
        String type = header(record, HEADER_TYPE);
        String specVersion = header(record, HEADER_SPECVERSION);
        if (id == null || id.isEmpty() || type == null || specVersion == null || !specVersion.startsWith("1.")) {
            recordsSkipped++;
            return;
        }
        if (!seen.add(id)) {
            duplicatesSkipped++;
            return;
        }
        if (!isCounted(type)) {
            return;
        }
        JsonNode data;
        try {
            data = record.value() == null ? null : json.readTree(record.value());
        } catch (IOException e) {
            data = null;
        }
        if (data == null || !data.isObject()) {
            recordsSkipped++;
            return;
        }
        String entityId = text(data, "entity_id");
        if (entityId == null) {
            entityId = header(record, HEADER_SUBJECT);
        }
        if (entityId == null || !count(type, entityId, data)) {
            recordsSkipped++;
        }
    }

    private static boolean isCounted(String type) {
        return switch (type) {
            case TYPE_ENTITY_CREATED, TYPE_VERSION_CONFIRMED, TYPE_VERSION_ACTIVATED, TYPE_VERSION_ARCHIVED -> true;
            default -> false;
        };
    }

    /** Applies one first-seen event; false when it lacks a field the figures need. */
    private boolean count(String type, String entityId, JsonNode data) {
        switch (type) {
            case TYPE_ENTITY_CREATED -> {
                String zone = text(data, "zone_id");
                if (zone == null) {
                    return false;
                }
                zoneByEntity.put(entityId, zone);
            }
            case TYPE_VERSION_CONFIRMED -> {
                LocalDate day = utcDay(text(data, "confirmed_at"));
                if (day == null) {
                    return false;
                }
                String zone = zoneByEntity.getOrDefault(entityId, UNKNOWN_ZONE);
                confirmed.computeIfAbsent(zone, z -> new TreeMap<>()).merge(day, 1L, Long::sum);
            }
            case TYPE_VERSION_ACTIVATED -> activations.merge(entityId, 1L, Long::sum);
            case TYPE_VERSION_ARCHIVED -> archives.merge(entityId, 1L, Long::sum);
            default -> {
                // not counted
            }
        }
        return true;
    }

    private static LocalDate utcDay(String instant) {
        if (instant == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(instant).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
