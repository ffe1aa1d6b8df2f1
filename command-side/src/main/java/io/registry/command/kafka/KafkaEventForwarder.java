package io.registry.command.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.registry.events.EntityEvent;
import io.registry.events.EventCatalog;
import io.registry.events.EventJson;
import io.registry.events.EventType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Store-then-forward: a dedicated tracking processor reads the event store and publishes every event to
 * Kafka, keyed by entity id, with CloudEvents headers. A batch of events is sent at once and every
 * acknowledgement is awaited before the processor records its progress; a failure propagates, so the
 * processor retries the batch until the broker takes it (never skipped; at least once, in order per entity
 * thanks to the idempotent producer).
 */
@ProcessingGroup(KafkaEventForwarder.PROCESSING_GROUP)
public class KafkaEventForwarder {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final String PENDING = KafkaEventForwarder.class.getName() + ".pending";

    private final Producer<String, byte[]> producer;
    private final Admin admin;
    private final KafkaTopicProperties properties;
    private volatile boolean topicReady;

    public KafkaEventForwarder(Producer<String, byte[]> producer, Admin admin, KafkaTopicProperties properties) {
        this.producer = producer;
        this.admin = admin;
        this.properties = properties;
    }

    @EventHandler
    void on(EntityEvent event, EventMessage<?> message) throws Exception {
        ensureTopic();
        EventType type = EventCatalog.descriptorOf(event.getClass());
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(message.getIdentifier(), type, properties.source(), event, message.getTimestamp(),
                        message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(properties.topic(), null,
                event.entityId(), serialize(event), headers);
        Pending sent = new Pending(message.getIdentifier(), producer.send(record));
        if (!CurrentUnitOfWork.isStarted()) {
            sent.await(properties.sendTimeout());
            return;
        }
        // The whole batch is sent without waiting, then every acknowledgement is awaited before the batch's
        // tokens are committed: a failure rolls the batch back and the processor sends it again.
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        List<Pending> batch = unitOfWork.getOrComputeResource(PENDING, key -> {
            List<Pending> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> {
                for (Pending p : pending) {
                    p.await(properties.sendTimeout());
                }
            });
            return pending;
        });
        batch.add(sent);
    }

    /** A record handed to the producer, not yet acknowledged. */
    private record Pending(String eventId, Future<RecordMetadata> ack) {
        void await(java.time.Duration timeout) {
            try {
                ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new KafkaPublishException("Kafka did not acknowledge event " + eventId, e.getCause());
            } catch (TimeoutException e) {
                throw new KafkaPublishException("Kafka did not acknowledge event " + eventId + " within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaPublishException("Interrupted while waiting for Kafka to acknowledge " + eventId, e);
            }
        }
    }

    private void ensureTopic() throws Exception {
        if (topicReady) {
            return;
        }
        NewTopic topic = new NewTopic(properties.topic(), properties.partitions(), properties.replicationFactor())
                .configs(Map.of("retention.ms", "-1", "cleanup.policy", "delete", "min.insync.replicas", "1"));
        try {
            admin.createTopics(List.of(topic)).all().get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaPublishException("Cannot create topic " + properties.topic(), e.getCause());
            }
        }
        topicReady = true;
    }

    private static byte[] serialize(EntityEvent event) throws JsonProcessingException {
        return EventJson.mapper().writeValueAsBytes(event);
    }

    /** The broker did not take an event; the processor will retry it. */
    public static class KafkaPublishException extends RuntimeException {
        KafkaPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
