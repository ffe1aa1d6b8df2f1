package io.registry.command.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.registry.events.EntityEvent;
import io.registry.events.EventCatalog;
import io.registry.events.EventJson;
import io.registry.events.EventType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>One exception: a record the broker refuses for good (larger than the topic accepts) would block every
 * entity's events forever. Such an event is parked ({@link ParkedEvents}, logged as an error, counted by the
 * {@code registry.kafka.parked.events} gauge) and publishing goes on; an operator publishes it again once the
 * cause is fixed. Its consumers then see it late, out of order for its entity.
 *
 * <p>Every send is timed to its acknowledgement and every failure counted by its exception ({@link KafkaSendMetrics}).
 */
@ProcessingGroup(KafkaEventForwarder.PROCESSING_GROUP)
public class KafkaEventForwarder {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final String PENDING = KafkaEventForwarder.class.getName() + ".pending";

    private static final Logger log = LoggerFactory.getLogger(KafkaEventForwarder.class);

    private final ReplaceableProducer producer;
    private final Admin admin;
    private final KafkaTopicProperties properties;
    private final ParkedEvents parked;
    private final KafkaSendMetrics metrics;
    private volatile boolean topicReady;

    /** A forwarder whose sends are timed nowhere. */
    public KafkaEventForwarder(ReplaceableProducer producer, Admin admin, KafkaTopicProperties properties,
                               ParkedEvents parked) {
        this(producer, admin, properties, parked, new KafkaSendMetrics(new SimpleMeterRegistry()));
    }

    public KafkaEventForwarder(ReplaceableProducer producer, Admin admin, KafkaTopicProperties properties,
                               ParkedEvents parked, KafkaSendMetrics metrics) {
        this.producer = producer;
        this.admin = admin;
        this.properties = properties;
        this.parked = parked;
        this.metrics = metrics;
    }

    @EventHandler
    public void on(EntityEvent event, EventMessage<?> message) throws Exception {
        ensureTopic();
        EventType type = EventCatalog.descriptorOf(event.getClass());
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(message.getIdentifier(), type, properties.source(), event, message.getTimestamp(),
                        message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(properties.topic(), null,
                event.entityId(), serialize(event), headers);
        Long sequence = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        Long position = message instanceof TrackedEventMessage<?> tracked
                ? positionOf(tracked.trackingToken()) : null;
        Pending sent = new Pending(message.getIdentifier(), position, event.entityId(), sequence, type.name(), record,
                send(record));
        if (!CurrentUnitOfWork.isStarted()) {
            await(sent, properties.sendTimeout());
            return;
        }
        // The whole batch is sent without waiting, then every acknowledgement is awaited before the batch's
        // tokens are committed: a failure rolls the batch back and the processor sends it again.
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        List<Pending> batch = unitOfWork.getOrComputeResource(PENDING, key -> {
            List<Pending> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> {
                for (Pending p : pending) {
                    await(p, properties.sendTimeout());
                }
            });
            return pending;
        });
        batch.add(sent);
    }

    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return producer.send(record, metrics.startSend(record.topic()));
    }

    private static Long positionOf(TrackingToken token) {
        return token == null || token.position().isEmpty() ? null : token.position().getAsLong();
    }

    /** Whether the broker (or the producer, before sending) refuses this record whatever happens next. */
    static boolean refusedForGood(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidRecordException;
    }

    /** A record handed to the producer, not yet acknowledged. */
    private record Pending(String eventId, Long position, String entityId, Long sequence, String type,
                           ProducerRecord<String, byte[]> record, Future<RecordMetadata> ack) {
    }

    private void await(Pending pending, java.time.Duration timeout) {
        String eventId = pending.eventId();
        try {
            pending.ack().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (refusedForGood(e.getCause())) {
                parked.park(eventId, pending.position(), pending.entityId(), pending.sequence(), pending.type(),
                        pending.record(), e.getCause().toString());
                log.error("Parked event {} ({} of {}, {} bytes): Kafka refuses it for good ({}). Publishing goes on; "
                                + "publish it again with POST /admin/kafka/parked/{}/publish once the cause is fixed.",
                        eventId, pending.type(), pending.entityId(), pending.record().value().length,
                        e.getCause().getMessage(), eventId);
                return;
            }
            producer.replaceIfBroken(e.getCause());
            throw new KafkaPublishException("Kafka did not acknowledge event " + eventId, e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaPublishException("Kafka did not acknowledge event " + eventId + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaPublishException("Interrupted while waiting for Kafka to acknowledge " + eventId, e);
        }
    }

    /** Publishes a parked event again; it leaves the parked list only once the broker acknowledged it. */
    public boolean publishParked(String eventId) {
        ProducerRecord<String, byte[]> record = parked.record(eventId).orElse(null);
        if (record == null) {
            return false;
        }
        try {
            ensureTopic();
            send(record).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaPublishException("Kafka still refuses parked event " + eventId, e.getCause());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new KafkaPublishException("Could not publish parked event " + eventId, e);
        }
        parked.remove(eventId);
        log.info("Published parked event {} again", eventId);
        return true;
    }

    /**
     * Creates the topic when it is missing and waits until every partition has a leader: a send to a partition
     * without one fails and, with an idempotent producer, can leave the first batch retrying until it expires.
     */
    private void ensureTopic() throws Exception {
        if (topicReady) {
            return;
        }
        NewTopic topic = new NewTopic(properties.topic(), properties.partitions(), properties.replicationFactor())
                .configs(Map.of("retention.ms", "-1", "cleanup.policy", "delete", "min.insync.replicas", "1"));
        long timeout = properties.sendTimeout().toMillis();
        try {
            admin.createTopics(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaPublishException("Cannot create topic " + properties.topic(), e.getCause());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        while (!everyPartitionHasALeader()) {
            if (System.nanoTime() > deadline) {
                throw new KafkaPublishException("Topic " + properties.topic() + " has partitions without a leader",
                        null);
            }
            Thread.sleep(50);
        }
        topicReady = true;
    }

    private boolean everyPartitionHasALeader() throws Exception {
        try {
            TopicDescription description = admin.describeTopics(List.of(properties.topic())).allTopicNames()
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS).get(properties.topic());
            return description != null && !description.partitions().isEmpty()
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
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
