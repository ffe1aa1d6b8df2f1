package io.registry.analytics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Record handling without a broker (the real-broker test is {@link AnalyticsConsumerKafkaTest}). */
class AnalyticsConsumerTest {

    private static final String TOPIC = "registry.entity-events.v1";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final MockConsumer<String, byte[]> mock = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final AnalyticsConsumer analytics = new AnalyticsConsumer(mock, TOPIC, 100);
    private long offset;

    AnalyticsConsumerTest() {
        mock.rebalance(List.of(PARTITION));
        mock.updateBeginningOffsets(Map.of(PARTITION, 0L));
    }

    @Test
    void counts_by_zone_and_utc_day_and_skips_what_does_not_follow_the_contract() {
        add("e1", "registry.entity.created", "{\"entity_id\":\"a\",\"zone_id\":\"zone-eu\"}");
        add("e2", "registry.version.confirmed", "{\"entity_id\":\"a\",\"confirmed_at\":\"2024-06-10T23:30:00-01:00\"}");
        add("e2", "registry.version.confirmed", "{\"entity_id\":\"a\",\"confirmed_at\":\"2024-06-10T23:30:00-01:00\"}");
        add(null, "registry.version.archived", "{\"entity_id\":\"a\"}");
        add("e3", "registry.version.archived", "not json");
        add("e4", "registry.version.confirmed", "{\"entity_id\":\"a\"}");
        add("e5", "registry.entity.future-thing", "{\"whatever\":true}");
        add("e6", "registry.version.activated", "{\"entity_id\":\"a\",\"version_id\":\"2024.06.10-000000\"}");

        assertThat(analytics.pollOnce(Duration.ZERO)).isEqualTo(8);

        Figures figures = analytics.figures();
        assertThat(figures.confirmedPerZonePerDay())
                .containsOnly(entry("zone-eu", Map.of(LocalDate.parse("2024-06-11"), 1L)));
        assertThat(figures.activationsPerEntity()).containsOnly(entry("a", 1L));
        assertThat(figures.archivesPerEntity()).isEmpty();
        assertThat(figures.recordsRead()).isEqualTo(8);
        assertThat(figures.duplicatesSkipped()).isEqualTo(1);
        assertThat(figures.recordsSkipped()).isEqualTo(3);
        assertThat(mock.committed(java.util.Set.of(PARTITION))).containsEntry(PARTITION, new OffsetAndMetadata(8));
    }

    private void add(String id, String type, String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        if (id != null) {
            headers.add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        }
        headers.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_subject", "a".getBytes(StandardCharsets.UTF_8));
        mock.addRecord(new ConsumerRecord<>(TOPIC, 0, offset++, 0L, TimestampType.CREATE_TIME, -1, -1, "a",
                json.getBytes(StandardCharsets.UTF_8), headers, Optional.empty()));
    }
}
