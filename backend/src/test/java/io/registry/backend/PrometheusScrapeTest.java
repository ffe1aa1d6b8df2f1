package io.registry.backend;

import io.micrometer.core.instrument.MeterRegistry;
import io.registry.command.kafka.KafkaSendMetrics;
import io.registry.command.kafka.ReplaceableProducer;
import io.registry.eventstore.NodeId;
import io.registry.query.elastic.ReadModelIndices;
import io.registry.stack.SharedStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/prometheus} after some traffic holds every series operators rely on (README "Metrics"): request
 * latency histograms by route and status, command outcomes by problem code, processor lag per processor and per
 * segment with its node, Kafka send latency and failures, parked events, Elasticsearch bulk latency, the JVM. Only
 * admins may scrape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusScrapeTest extends BackendTestSupport {

    @Autowired
    MeterRegistry meters;

    @Autowired
    NodeId node;

    @Autowired
    ReadModelIndices indices;

    private String alice;
    private String admin;

    @BeforeAll
    void tokens() {
        alice = token("alice", "acme");
        admin = token("ops", "platform", "admin");
    }

    @Test
    void only_an_admin_may_scrape() {
        Response anonymous = call("GET", "/actuator/prometheus", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("code").asText()).isEqualTo("unauthenticated");

        Response user = call("GET", "/actuator/prometheus", alice, null);
        assertThat(user.status()).isEqualTo(403);
        assertThat(user.json().get("code").asText()).isEqualTo("forbidden");

        Response scrape = call("GET", "/actuator/prometheus", admin, null);
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void after_some_traffic_the_scrape_shows_every_operator_series() throws Exception {
        String entityId = uniqueId("scrape");
        createEntity(alice, entityId, "zone-scrape", "private");
        Response confirmed = publish(alice, entityId, "2024.06.10-120000", Map.of());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        // the same version id again: the entity refuses it
        Response exists = call("POST", "/api/entities/" + entityId + "/versions/upload-url", alice,
                Map.of("version", "2024.06.10-120000", "source_hash", "sha256:other"));
        assertThat(exists.status()).as(exists.body()).isEqualTo(409);
        // a write conditional on a sequence the entity has left
        Response stale = call("PUT", "/api/entities/" + entityId + "/store", alice, Map.of("store", "org"),
                Map.of("If-Match", "\"0\""));
        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        // refused before any route runs: no token
        assertThat(client().invalidOnPurpose().call("POST", "/api/entities", null, Map.of("id", uniqueId("anon"))).status())
                .isEqualTo(401);
        Response listing = call("GET", "/zones/zone-scrape/packages/" + entityId + "/versions", alice, null,
                Map.of("X-Consistency-Token", confirmed.json().get("consistency_token").asText()));
        assertThat(listing.status()).isEqualTo(200);
        String refusedTopic = "scrape-refused-" + UUID.randomUUID();
        sendARecordTheProducerRefuses(refusedTopic);

        String scrape = awaitScrape(text -> has(text, "registry_kafka_send_seconds_count",
                Map.of("topic", TopicRecords.EVENTS)));

        // request latency: a histogram by route and status, with the SLO buckets
        assertSeries(scrape, "http_server_requests_seconds_bucket", Map.of("method", "POST",
                "uri", "/api/entities/{entityId}/versions/confirm", "status", "201", "le", "0.1"));
        assertSeries(scrape, "http_server_requests_seconds_bucket", Map.of("method", "GET",
                "uri", "/zones/{zone_id}/packages/{package_id}/versions", "status", "200", "le", "0.025"));
        assertSeries(scrape, "http_server_requests_seconds_count", Map.of("uri", "/api/entities/{entityId}/store",
                "status", "412"));
        // command outcomes by problem code, counted wherever the answer came from
        assertSeries(scrape, "registry_commands_total", Map.of("command", "ConfirmUpload", "outcome", "success",
                "code", "none"));
        assertSeries(scrape, "registry_commands_total", Map.of("command", "RequestUpload", "outcome", "rejected",
                "code", "version_exists"));
        assertSeries(scrape, "registry_commands_total", Map.of("command", "ChangeStore", "outcome", "rejected",
                "code", "stale_entity"));
        assertSeries(scrape, "registry_commands_total", Map.of("command", "CreateEntity", "outcome", "rejected",
                "code", "unauthenticated"));
        // processor lag, per processor and per segment with the node that owns it
        for (String processor : List.of("kafka-publisher", "upload-expiry", "versions-projection")) {
            assertSeries(scrape, "registry_processor_lag", Map.of("processor", processor));
        }
        assertSeries(scrape, "registry_processor_segment_lag", Map.of("processor", "kafka-publisher",
                "segment", "0", "node", node.value()));
        for (int segment = 0; segment < 4; segment++) {
            assertSeries(scrape, "registry_processor_segment_lag", Map.of("processor", "versions-projection",
                    "segment", Integer.toString(segment), "node", node.value()));
        }
        // Kafka: send latency, failures by exception, parked events
        assertSeries(scrape, "registry_kafka_send_seconds_bucket", Map.of("topic", TopicRecords.EVENTS, "le", "0.1"));
        assertSeries(scrape, "registry_kafka_send_failures_total", Map.of("topic", refusedTopic,
                "exception", "RecordTooLargeException"));
        assertSeries(scrape, "registry_kafka_parked_events", Map.of());
        // Elasticsearch bulk latency by alias
        assertSeries(scrape, "registry_elasticsearch_bulk_seconds_count", Map.of("alias", indices.versions(),
                "outcome", "success"));
        assertSeries(scrape, "registry_elasticsearch_bulk_seconds_bucket", Map.of("alias", indices.entities(),
                "outcome", "success", "le", "0.1"));
        // the JVM
        assertSeries(scrape, "jvm_memory_used_bytes", Map.of("area", "heap"));
        assertSeries(scrape, "jvm_threads_live_threads", Map.of());
        assertSeries(scrape, "process_cpu_usage", Map.of());

        printSample(scrape);
    }

    /**
     * The forwarder's send metrics on a producer that refuses a record before it leaves (larger than its
     * {@code max.request.size}): the failure is counted in this application's registry, as the forwarder's are.
     */
    private void sendARecordTheProducerRefuses(String topic) throws Exception {
        String bootstrap = SharedStack.get().endpoints().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (ReplaceableProducer producer = new ReplaceableProducer(() -> new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024), new StringSerializer(), new ByteArraySerializer()))) {
            producer.send(new ProducerRecord<>(topic, "key", new byte[4096]),
                    new KafkaSendMetrics(meters).startSend(topic));
        }
    }

    private String awaitScrape(Predicate<String> ready) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        Response scrape = call("GET", "/actuator/prometheus", admin, null);
        while (!ready.test(scrape.body()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            scrape = call("GET", "/actuator/prometheus", admin, null);
        }
        assertThat(scrape.status()).isEqualTo(200);
        return scrape.body();
    }

    private static void assertSeries(String scrape, String name, Map<String, String> tags) {
        assertThat(has(scrape, name, tags)).as("a series %s%s in the scrape", name, tags).isTrue();
    }

    private static boolean has(String scrape, String name, Map<String, String> tags) {
        return Arrays.stream(scrape.split("\n")).anyMatch(line -> isSeries(line, name, tags));
    }

    private static boolean isSeries(String line, String name, Map<String, String> tags) {
        if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
            return false;
        }
        return tags.entrySet().stream().allMatch(tag -> line.contains(tag.getKey() + "=\"" + tag.getValue() + "\""));
    }

    /** A few lines of the scrape, for the record. */
    private static void printSample(String scrape) {
        Map<String, String> first = new LinkedHashMap<>();
        for (String name : List.of("http_server_requests_seconds_bucket", "http_server_requests_seconds_count",
                "registry_commands_total", "registry_processor_lag", "registry_processor_segment_lag",
                "registry_kafka_send_seconds_count", "registry_kafka_send_failures_total",
                "registry_kafka_parked_events", "registry_elasticsearch_bulk_seconds_count", "jvm_memory_used_bytes")) {
            Arrays.stream(scrape.split("\n")).filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                    .findFirst().ifPresent(line -> first.put(name, line));
        }
        long buckets = Arrays.stream(scrape.split("\n")).filter(line -> isSeries(line,
                "http_server_requests_seconds_bucket", Map.of("uri", "/api/entities/{entityId}/versions/confirm",
                        "status", "201"))).count();
        List<String> families = Arrays.stream(scrape.split("\n")).filter(line -> line.startsWith("# TYPE "))
                .map(line -> line.split(" ")[2]).sorted().toList();
        System.out.printf("scrape sample (%d bytes, %d lines, %d buckets per request histogram):%n%s%nfamilies: %s%n",
                scrape.length(), scrape.split("\n").length, buckets, String.join("\n", first.values()), families);
    }
}
