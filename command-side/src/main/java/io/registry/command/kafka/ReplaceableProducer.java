package io.registry.command.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The forwarder's producer, replaced by a new one when it is left in a state it does not leave by itself (its
 * idempotence sequence out of step with the broker, its producer id fenced or unknown, closed): the processor
 * retries the batch with the new producer instead of failing the same way until the delivery timeout.
 */
public class ReplaceableProducer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplaceableProducer.class);

    private final Supplier<Producer<String, byte[]>> factory;
    private Producer<String, byte[]> current;
    private int generation;

    public ReplaceableProducer(Supplier<Producer<String, byte[]>> factory) {
        this.factory = factory;
    }

    /** Sends with the current producer; a producer that refuses at once fails the returned future instead. */
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return send(record, (metadata, failure) -> { });
    }

    /**
     * As {@link #send(ProducerRecord)}; {@code onCompletion} learns every outcome exactly once: the broker's
     * acknowledgement, its refusal, or the producer's refusal at once.
     */
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback onCompletion) {
        try {
            return producer().send(record, onCompletion);
        } catch (KafkaException | IllegalStateException e) {
            // thrown rather than reported: the producer did not call the callback
            onCompletion.onCompletion(null, e);
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Replaces the producer when {@code failure} shows that it cannot recover by itself; answers whether it did. */
    public synchronized boolean replaceIfBroken(Throwable failure) {
        if (!isFatal(failure) || current == null) {
            return false;
        }
        log.warn("Replacing the Kafka producer (generation {}) after {}", generation, failure.toString());
        Producer<String, byte[]> broken = current;
        current = null;
        try {
            broken.close(Duration.ZERO);
        } catch (RuntimeException e) {
            log.debug("Closing the replaced producer failed", e);
        }
        return true;
    }

    static boolean isFatal(Throwable failure) {
        return failure instanceof OutOfOrderSequenceException || failure instanceof ProducerFencedException
                || failure instanceof InvalidProducerEpochException || failure instanceof UnknownProducerIdException
                || failure instanceof IllegalStateException;
    }

    private Producer<String, byte[]> producer() {
        if (current == null) {
            current = factory.get();
            generation++;
        }
        return current;
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close(Duration.ofSeconds(5));
            current = null;
        }
    }
}
