package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A confirm that answered 201 is durable. The backend runs as {@code ./run.sh} runs it (its own JVM, a persistent
 * native stack in its own data folder); four publishers upload and confirm versions until it is killed with
 * SIGKILL mid-flight, then it is restarted on the same folder. Every acknowledged version must then be in the
 * event store (the history route), in the read model and on the topic. Two crashes, on the same folder: the
 * backend alone, and the backend with every PostgreSQL process at the same moment (what fsync and
 * synchronous_commit are for).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryTest {

    private static final int PUBLISHERS = 4;
    private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(4);
    private static final int MIN_ACKNOWLEDGED_BEFORE_KILL = 20;
    private static final String TOPIC = "registry.entity-events.v1";
    private static final String CONFIRMED = "registry.version.confirmed";

    private LocalRunProcess localRun;

    @BeforeAll
    void startLocalRun() throws Exception {
        localRun = LocalRunProcess.create();
        localRun.start();
    }

    @AfterAll
    void stopLocalRun() {
        if (localRun != null) {
            localRun.close();
        }
    }

    /** Runs first, while the stack is as fresh as after {@code ./run.sh} on an empty data folder: no topic yet. */
    @Test
    @Order(1)
    void on_a_fresh_stack_the_first_confirmed_event_is_on_the_topic_within_two_seconds() throws Exception {
        RegistryClient client = localRun.client();
        String alice = client.token("alice", "acme");
        String entityId = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        client.createEntity(alice, entityId, "zone-crash", "private");
        Response confirmed = client.publish(alice, entityId, "2024.06.10-153042", null, Map.of());
        long answeredAt = System.currentTimeMillis();
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);

        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, localRun.stackProperties().getProperty("spring.kafka.bootstrap-servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "fresh-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Long sentAt = null;
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sentAt == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    var type = record.headers().lastHeader("ce_type");
                    if (entityId.equals(record.key()) && type != null
                            && CONFIRMED.equals(new String(type.value(), StandardCharsets.UTF_8))) {
                        sentAt = record.timestamp();
                    }
                }
            }
        }
        assertThat(sentAt).as("the confirmed event on the topic").isNotNull();
        long latency = sentAt - answeredAt;
        System.out.printf("FRESH STACK: first confirmed event sent to the topic %d ms after the confirm answered%n",
                latency);
        assertThat(latency).as("ms from the confirm's answer to the record's send time").isLessThan(2_000);
    }

    @Test
    @Order(2)
    void every_acknowledged_version_survives_a_sigkill_of_the_backend() throws Exception {
        Figures figures = crashUnderLoad("backend SIGKILL", () -> List.of(localRun.backend()));
        figures.assertNothingLost();
    }

    @Test
    @Order(3)
    void every_acknowledged_version_survives_a_sigkill_of_the_backend_and_postgresql_together() throws Exception {
        Figures figures = crashUnderLoad("backend + PostgreSQL SIGKILL", () -> {
            List<ProcessHandle> victims = new ArrayList<>(localRun.postgres());
            victims.add(localRun.backend());
            return victims;
        });
        figures.assertNothingLost();
    }

    /** Which processes die together. */
    private interface Victims {
        List<ProcessHandle> now() throws IOException;
    }

    private Figures crashUnderLoad(String crash, Victims victims) throws Exception {
        if (!localRun.isRunning()) {
            localRun.start(); // an earlier test failed before its restart
        }
        RegistryClient client = localRun.client();
        String alice = client.token("alice", "acme");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Publisher> publishers = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            String entityId = "crash-" + run + "-" + i;
            client.createEntity(alice, entityId, "zone-crash", "private");
            publishers.add(new Publisher(client, alice, entityId));
        }

        List<Thread> threads = publishers.stream().map(p -> new Thread(p, "publisher-" + p.entityId)).toList();
        threads.forEach(Thread::start);
        long loadStart = System.nanoTime();
        long deadline = loadStart + TimeUnit.SECONDS.toNanos(60);
        while ((System.nanoTime() - loadStart < LOAD_BEFORE_KILL.toNanos()
                || acknowledged(publishers).size() < MIN_ACKNOWLEDGED_BEFORE_KILL) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<ProcessHandle> dying = victims.now();
        publishers.forEach(Publisher::crashComing);
        dying.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : dying) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        Set<String> acknowledged = acknowledged(publishers);
        List<String> errors = publishers.stream().flatMap(p -> p.errors.stream()).toList();
        int cutOff = publishers.stream().mapToInt(p -> p.cutOff.size()).sum();

        long restartBegin = System.nanoTime();
        localRun.start();
        double restartSeconds = (System.nanoTime() - restartBegin) / 1e9;

        Set<String> entities = new TreeSet<>(publishers.stream().map(p -> p.entityId).toList());
        Set<String> inStore = confirmedInHistory(client, alice, entities);
        Set<String> inReadModel = inReadModel(client, alice, acknowledged, Duration.ofSeconds(60));
        Set<String> onTopic = confirmedOnTopic(entities, acknowledged, Duration.ofSeconds(90));
        Figures figures = new Figures(crash, dying.size(), acknowledged, cutOff, errors, inStore, inReadModel, onTopic);
        System.out.println(figures.line(restartSeconds));
        return figures;
    }

    private static Set<String> acknowledged(List<Publisher> publishers) {
        Set<String> all = new TreeSet<>();
        publishers.forEach(p -> all.addAll(p.acknowledged));
        return all;
    }

    /** Every {@code registry.version.confirmed} the event store holds for these entities, as "entity/version". */
    private static Set<String> confirmedInHistory(RegistryClient client, String token, Set<String> entities) {
        Set<String> confirmed = new TreeSet<>();
        for (String entityId : entities) {
            String after = null;
            do {
                String query = "?limit=100" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
                Response page = client.call("GET", "/api/entities/" + entityId + "/history" + query, token, null);
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                for (JsonNode item : page.json().get("items")) {
                    if (CONFIRMED.equals(item.get("type").asText())) {
                        confirmed.add(entityId + "/" + item.get("data").get("version_id").asText());
                    }
                }
                JsonNode cursor = page.json().get("pagination").get("after_cursor");
                after = cursor.isNull() ? null : cursor.asText();
            } while (after != null);
        }
        return confirmed;
    }

    /** Which of {@code expected} the read model answers, waiting up to {@code patience} for the projection. */
    private static Set<String> inReadModel(RegistryClient client, String token, Set<String> expected, Duration patience)
            throws InterruptedException {
        Set<String> found = new HashSet<>();
        long deadline = System.nanoTime() + patience.toNanos();
        do {
            for (String version : expected) {
                if (!found.contains(version)) {
                    String[] ids = version.split("/");
                    if (client.call("GET", "/api/entities/" + ids[0] + "/versions/" + ids[1], token, null).status() == 200) {
                        found.add(version);
                    }
                }
            }
            if (found.size() < expected.size()) {
                Thread.sleep(250);
            }
        } while (found.size() < expected.size() && System.nanoTime() < deadline);
        return found;
    }

    /** The confirmed versions of these entities on the topic, reading until {@code expected} are all there. */
    private Set<String> confirmedOnTopic(Set<String> entities, Set<String> expected, Duration patience) throws IOException {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, localRun.stackProperties().getProperty("spring.kafka.bootstrap-servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "crash-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> found = new TreeSet<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + patience.toNanos();
            while (!found.containsAll(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (entities.contains(record.key()) && CONFIRMED.equals(header(record, "ce_type"))) {
                        found.add(record.key() + "/" + header(record, "ce_versionid"));
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * One client publishing versions of its entity back to back until the backend goes away: upload URL, PUT,
     * confirm. A version is acknowledged when its confirm answered 201; one whose requests the crash cut off is
     * not (it may or may not have been recorded).
     */
    private static final class Publisher implements Runnable {
        private static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0, 0);

        final String entityId;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<String> cutOff = ConcurrentHashMap.newKeySet();
        final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        private final RegistryClient client;
        private final String token;
        private final AtomicBoolean crashComing = new AtomicBoolean();

        Publisher(RegistryClient client, String token, String entityId) {
            this.client = client;
            this.token = token;
            this.entityId = entityId;
        }

        void crashComing() {
            crashComing.set(true);
        }

        @Override
        public void run() {
            for (int i = 0; ; i++) {
                String versionId = ListingTestIds.versionId(BASE, i);
                String version = entityId + "/" + versionId;
                try {
                    Response confirm = client.tryPublish(token, entityId, versionId, null, Map.of());
                    if (confirm.status() == 201) {
                        acknowledged.add(version);
                        continue;
                    }
                    failed(version, "confirm answered " + confirm.status() + ": " + confirm.body());
                } catch (IOException | UncheckedIOException e) {
                    failed(version, e.toString());
                } catch (AssertionError e) {
                    failed(version, e.getMessage());
                }
                return;
            }
        }

        /** After the kill, a failure is the crash cutting a publish off; before it, a bug. */
        private void failed(String version, String why) {
            if (crashComing.get()) {
                cutOff.add(version);
            } else {
                errors.add(version + ": " + why);
            }
        }
    }

    private record Figures(String crash, int killed, Set<String> acknowledged, int cutOff, List<String> errors,
                           Set<String> inStore, Set<String> inReadModel, Set<String> onTopic) {

        Set<String> lostFrom(Set<String> where) {
            Set<String> lost = new TreeSet<>(acknowledged);
            lost.removeAll(where);
            return lost;
        }

        String line(double restartSeconds) {
            Set<String> unacknowledgedButRecorded = new TreeSet<>(inStore);
            unacknowledgedButRecorded.removeAll(acknowledged);
            return String.format(Locale.ROOT, "CRASH %s (%d processes killed): %d acknowledged, %d cut off in flight"
                            + " (%d of them recorded anyway); lost after restart: event store %d, read model %d,"
                            + " topic %d; restart %.1f s",
                    crash, killed, acknowledged.size(), cutOff, unacknowledgedButRecorded.size(),
                    lostFrom(inStore).size(), lostFrom(inReadModel).size(), lostFrom(onTopic).size(), restartSeconds);
        }

        void assertNothingLost() {
            assertThat(errors).as("publishes that failed before the crash").isEmpty();
            assertThat(acknowledged).as("acknowledged before the crash").hasSizeGreaterThanOrEqualTo(MIN_ACKNOWLEDGED_BEFORE_KILL);
            assertThat(lostFrom(inStore)).as(crash + ": acknowledged, missing from the event store").isEmpty();
            assertThat(lostFrom(inReadModel)).as(crash + ": acknowledged, missing from the read model").isEmpty();
            assertThat(lostFrom(onTopic)).as(crash + ": acknowledged, missing from " + TOPIC).isEmpty();
        }
    }
}
