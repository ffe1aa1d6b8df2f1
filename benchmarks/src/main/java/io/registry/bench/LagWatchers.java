package io.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lag while publishing: from the moment the client has the confirm's answer (the events are committed) until
 * (a) the read model shows the entity at the confirm's sequence, (b) a Kafka consumer receives that event.
 */
final class LagWatchers {

    private LagWatchers() {
    }

    /** Polls the entity read model ({@code _mget} of the entities with pending confirms, every 10 ms). */
    static final class Projection implements AutoCloseable {
        private final BenchTarget sut;
        private final Map<String, ConcurrentLinkedQueue<long[]>> pending = new ConcurrentHashMap<>();
        private final AtomicLong outstanding = new AtomicLong();
        final Latencies lag = new Latencies("read model lag", 500);
        final LagSeries series = new LagSeries("read model lag");
        private final Thread thread;
        private volatile boolean running = true;
        private volatile String error;

        Projection(BenchTarget sut) {
            this.sut = sut;
            this.thread = new Thread(this::loop, "bench-projection-lag");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        void expect(String entityId, long sequence, long ackNanos) {
            pending.computeIfAbsent(entityId, e -> new ConcurrentLinkedQueue<>()).add(new long[] {sequence, ackNanos});
            outstanding.incrementAndGet();
        }

        private void loop() {
            while (running) {
                try {
                    Thread.sleep(10);
                    List<String> ids = new ArrayList<>();
                    pending.forEach((id, queue) -> {
                        if (!queue.isEmpty()) {
                            ids.add(id);
                        }
                    });
                    if (ids.isEmpty()) {
                        continue;
                    }
                    JsonNode docs = sut.es("POST", "/registry-entities/_mget?_source_includes=last_sequence",
                            Http.JSON.writeValueAsString(Map.of("ids", ids)));
                    long now = System.nanoTime();
                    for (JsonNode doc : docs.path("docs")) {
                        long applied = doc.path("_source").path("last_sequence").asLong(-1);
                        ConcurrentLinkedQueue<long[]> queue = pending.get(doc.path("_id").asText());
                        while (queue != null && !queue.isEmpty() && queue.peek()[0] <= applied) {
                            long[] head = queue.poll();
                            lag.record(Math.max(0, now - head[1]));
                            series.add(head[1], now - head[1]);
                            outstanding.decrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    error = e.toString();
                }
            }
        }

        /** Waits until every expected write is visible or {@code max} passed; answers how many were still missing. */
        long drain(Duration max) {
            long deadline = System.nanoTime() + max.toNanos();
            while (outstanding.get() > 0 && System.nanoTime() < deadline) {
                sleep(20);
            }
            return outstanding.get();
        }

        String error() {
            return error;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }

    /** Consumes the event topic from its end; matches records to confirms by (entity, sequence). */
    static final class Kafka implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, Long> acks = new ConcurrentHashMap<>();
        private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        private final AtomicLong outstanding = new AtomicLong();
        final Latencies lag = new Latencies("kafka lag", 500);
        final LagSeries series = new LagSeries("Kafka lag");
        final Latencies eventToRecord = new Latencies("event time -> record CreateTime", 500);
        final Latencies eventToConsumer = new Latencies("event time -> consumed", 500);
        final AtomicLong beforeAck = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile String error;

        Kafka(String bootstrap, String topic, Duration waitForTopic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
            consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.nanoTime() + waitForTopic.toNanos();
            while (partitions.isEmpty()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
                if (partitions.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        consumer.close();
                        throw new IllegalStateException("topic " + topic + " did not appear within " + waitForTopic);
                    }
                    sleep(200);
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(this::loop, "bench-kafka-lag");
            thread.setDaemon(true);
            thread.start();
        }

        void expect(String entityId, long sequence, long ackNanos) {
            String key = entityId + "|" + sequence;
            Long arrived = arrivals.remove(key);
            if (arrived != null) {
                beforeAck.incrementAndGet();
                lag.record(Math.max(0, arrived - ackNanos));
                series.add(ackNanos, arrived - ackNanos);
                return;
            }
            acks.put(key, ackNanos);
            outstanding.incrementAndGet();
        }

        private void loop() {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        Instant received = Instant.now();
                        String time = header(record, "ce_time");
                        if (time != null) {
                            Instant eventTime = Instant.parse(time);
                            long toRecord = record.timestamp() * 1_000_000L - (eventTime.getEpochSecond() * 1_000_000_000L + eventTime.getNano());
                            eventToRecord.record(Math.max(0, toRecord));
                            eventToConsumer.record(Math.max(0, Duration.between(eventTime, received).toNanos()));
                        }
                        String key = header(record, "ce_subject") + "|" + header(record, "ce_sequence");
                        Long ack = acks.remove(key);
                        if (ack != null) {
                            lag.record(Math.max(0, now - ack));
                            series.add(ack, now - ack);
                            outstanding.decrementAndGet();
                        } else {
                            arrivals.put(key, now);
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // closing
            } catch (Exception e) {
                error = e.toString();
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        long drain(Duration max) {
            long deadline = System.nanoTime() + max.toNanos();
            while (outstanding.get() > 0 && System.nanoTime() < deadline) {
                sleep(20);
            }
            return outstanding.get();
        }

        String error() {
            return error;
        }

        private static String header(ConsumerRecord<?, ?> record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** (seconds since the first confirm, lag ms) per confirm: a lag that grows over the run is a throughput deficit. */
    static final class LagSeries {
        private final String name;
        private final java.util.List<double[]> points = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile long firstAck = Long.MAX_VALUE;

        LagSeries(String name) {
            this.name = name;
        }

        void add(long ackNanos, long lagNanos) {
            if (firstAck == Long.MAX_VALUE) {
                firstAck = ackNanos;
            }
            if (points.size() < 50_000) {
                points.add(new double[] {(ackNanos - firstAck) / 1e9, Math.max(0, lagNanos) / 1e6});
            }
        }

        String name() {
            return name;
        }

        java.util.List<double[]> points() {
            synchronized (points) {
                java.util.List<double[]> sorted = new ArrayList<>(points);
                sorted.sort(java.util.Comparator.comparingDouble(p -> p[0]));
                return sorted;
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
