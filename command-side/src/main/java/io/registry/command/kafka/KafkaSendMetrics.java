package io.registry.command.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.Callback;

import java.util.concurrent.TimeUnit;

/**
 * What became of the forwarder's sends: {@code registry.kafka.send{topic}} times every record from the moment it is
 * handed to the producer to the broker's acknowledgement; {@code registry.kafka.send.failures{topic, exception}}
 * counts the records that were not acknowledged, by the producer's exception ({@code TimeoutException},
 * {@code RecordTooLargeException}, {@code OutOfOrderSequenceException}, ...). A record sent again after a failure
 * counts again.
 */
public class KafkaSendMetrics {

    public static final String SEND = "registry.kafka.send";
    public static final String FAILURES = "registry.kafka.send.failures";

    private final MeterRegistry meters;

    public KafkaSendMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The callback of one send to {@code topic}, started now. */
    public Callback startSend(String topic) {
        long started = System.nanoTime();
        return (metadata, failure) -> {
            if (failure == null) {
                Timer.builder(SEND)
                        .description("From handing a record to the producer to the broker's acknowledgement")
                        .tag("topic", topic)
                        .register(meters)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            } else {
                Counter.builder(FAILURES)
                        .description("Records the broker did not acknowledge, by the producer's exception")
                        .tag("topic", topic)
                        .tag("exception", failure.getClass().getSimpleName())
                        .register(meters)
                        .increment();
            }
        };
    }
}
