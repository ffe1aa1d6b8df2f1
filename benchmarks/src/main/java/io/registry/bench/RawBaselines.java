package io.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The raw services, timed directly: the least our projection and forwarder could take. */
final class RawBaselines {

    private RawBaselines() {
    }

    /** Index one small document (no refresh), then a realtime GET until it is found: write-to-visible. */
    static Latencies elasticsearchWriteToVisible(BenchTarget sut, int count) throws Exception {
        String index = "bench-raw-lag";
        sut.es("PUT", "/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
        Latencies latencies = new Latencies("raw ES index -> realtime GET", 500);
        String doc = Http.JSON.writeValueAsString(Map.of("entity_id", "raw", "version", 1, "last_sequence", 1,
                "zone_id", "bench", "created_by", "bench", "source_hash", "sha256:0123456789abcdef"));
        for (int i = 0; i < count + 20; i++) {
            long t0 = System.nanoTime();
            sut.es("PUT", "/" + index + "/_doc/" + i, doc);
            for (int attempt = 0; attempt < 1000; attempt++) {
                JsonNode got = sut.es("GET", "/" + index + "/_doc/" + i + "?realtime=true&_source=false", null);
                if (got.path("found").asBoolean()) {
                    break;
                }
            }
            if (i >= 20) {
                latencies.record(System.nanoTime() - t0);
            }
        }
        latencies.stop();
        return latencies;
    }

    /** Produce with acks=all, waiting for each ack (as the forwarder does); time until a consumer receives it. */
    static Latencies kafkaProduceToConsume(BenchTarget sut, int count, int valueSize) throws Exception {
        String bootstrap = sut.endpoints().kafkaBootstrapServers();
        String topic = "bench-raw-lag";
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        Latencies latencies = new Latencies("raw Kafka produce -> consume", 500);
        AtomicLong received = new AtomicLong();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            Thread reader = new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (received.get() < count + 20 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long sent = ByteBuffer.wrap(record.value()).getLong();
                        if (received.incrementAndGet() > 20) {
                            latencies.record(System.nanoTime() - sent);
                        }
                    }
                }
            }, "bench-raw-kafka-consumer");
            reader.setDaemon(true);
            reader.start();
            byte[] value = new byte[Math.max(16, valueSize)];
            for (int i = 0; i < count + 20; i++) {
                ByteBuffer.wrap(value).putLong(System.nanoTime());
                producer.send(new ProducerRecord<>(topic, "raw-" + (i % 64), value.clone())).get(30, TimeUnit.SECONDS);
            }
            reader.join(60_000);
        }
        latencies.stop();
        return latencies;
    }
}
