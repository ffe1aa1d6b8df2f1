package io.registry.command.kafka;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pure logic of replacing the producer, with kafka-clients' own MockProducer standing in for a broker. */
class ReplaceableProducerTest {

    private final List<MockProducer<String, byte[]>> created = new ArrayList<>();
    private final ReplaceableProducer producer = new ReplaceableProducer(() -> {
        MockProducer<String, byte[]> mock = new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer());
        created.add(mock);
        return mock;
    });

    @Test
    void a_producer_out_of_step_with_the_broker_is_replaced_and_the_next_send_uses_a_new_one() throws Exception {
        var failed = producer.send(record());
        created.get(0).errorNext(new OutOfOrderSequenceException("out of order"));
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(OutOfOrderSequenceException.class);

        assertThat(producer.replaceIfBroken(new OutOfOrderSequenceException("out of order"))).isTrue();
        var retried = producer.send(record());
        created.get(1).completeNext();

        assertThat(retried.get().topic()).isEqualTo("events");
        assertThat(created).hasSize(2);
        assertThat(created.get(0).closed()).isTrue();
    }

    @Test
    void a_passing_failure_keeps_the_producer() {
        producer.send(record());
        assertThat(producer.replaceIfBroken(new TimeoutException("broker away"))).isFalse();
        producer.send(record());
        assertThat(created).hasSize(1);
    }

    @Test
    void a_closed_producer_fails_the_send_instead_of_throwing_and_is_replaced() {
        producer.send(record());
        created.get(0).close();
        var failed = producer.send(record());
        assertThatThrownBy(failed::get).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(producer.replaceIfBroken(new IllegalStateException("closed"))).isTrue();
        producer.send(record());
        assertThat(created).hasSize(2);
    }

    private static ProducerRecord<String, byte[]> record() {
        return new ProducerRecord<>("events", "entity", new byte[] {1});
    }
}
