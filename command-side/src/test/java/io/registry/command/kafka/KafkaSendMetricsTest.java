package io.registry.command.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The send timer and failure counter, with kafka-clients' MockProducer standing in for a broker. */
class KafkaSendMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final KafkaSendMetrics metrics = new KafkaSendMetrics(meters);
    private final List<MockProducer<String, byte[]>> created = new ArrayList<>();
    private final ReplaceableProducer producer = new ReplaceableProducer(() -> {
        MockProducer<String, byte[]> mock = new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer());
        created.add(mock);
        return mock;
    });

    @Test
    void an_acknowledged_record_is_timed_from_send_to_ack() {
        producer.send(record(), metrics.startSend("events"));
        created.get(0).completeNext();

        assertThat(meters.get(KafkaSendMetrics.SEND).tag("topic", "events").timer().count()).isEqualTo(1);
        assertThat(meters.find(KafkaSendMetrics.FAILURES).counters()).isEmpty();
    }

    @Test
    void a_refused_record_is_counted_by_its_exception() {
        producer.send(record(), metrics.startSend("events"));
        created.get(0).errorNext(new RecordTooLargeException("too large"));

        assertThat(meters.get(KafkaSendMetrics.FAILURES).tags("topic", "events", "exception", "RecordTooLargeException")
                .counter().count()).isEqualTo(1);
        assertThat(meters.find(KafkaSendMetrics.SEND).timers()).isEmpty();
    }

    @Test
    void a_producer_that_refuses_at_once_is_counted_too() {
        producer.send(record());
        created.get(0).close();

        producer.send(record(), metrics.startSend("events"));

        assertThat(meters.get(KafkaSendMetrics.FAILURES).tags("exception", "IllegalStateException").counter().count())
                .isEqualTo(1);
    }

    private static ProducerRecord<String, byte[]> record() {
        return new ProducerRecord<>("events", "entity", new byte[]{1});
    }
}
