package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.registry.backend.SplitDeployment.Instance;
import io.registry.backend.SplitDeployment.Side;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape users run: the command side's and the query side's executable jars as separate processes, two
 * instances of each, behind nginx serving {@code deploy/nginx.conf} (rendered for their ports, as docker-compose
 * renders it for its service names). Every request goes through the gateway: the walkthrough, download, lineage,
 * history, the per-side health and actuator routes, the gateway's own refusals, a rebuild with its progress, the API
 * document and Swagger UI. Last,
 * one instance of each side is killed (SIGKILL) under load: the survivors take over its processor segments, and
 * every acknowledged version is in the event store, the read model and on the topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionShapeTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** The token store's claim timeout (10 s, the default) plus the processors' claim interval (5 s) and slack. */
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(30);
    private static final String CONFIRMED = "registry.version.confirmed";
    private static final LocalDateTime BASE = LocalDateTime.of(2024, 3, 1, 0, 0, 0);

    private final long began = System.nanoTime();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private SplitDeployment deployment;
    private RegistryClient gateway;
    private String alice;
    private String admin;

    @BeforeAll
    void startTheProductionShape() throws Exception {
        deployment = SplitDeployment.create("prodshape");
        Instance commandA = deployment.start(Side.COMMAND, "command-a");
        Instance commandB = deployment.start(Side.COMMAND, "command-b");
        Instance queryA = deployment.start(Side.QUERY, "query-a");
        deployment.awaitReady(START_TIMEOUT, queryA);
        // The second query side starts once the first has created the read-model indices: two instances that both
        // find no index on a fresh prefix each create one behind the same alias.
        Instance queryB = deployment.start(Side.QUERY, "query-b");
        deployment.awaitReady(START_TIMEOUT, commandA, commandB, queryB);
        deployment.startGateway(Duration.ofSeconds(30));
        gateway = deployment.gateway();
        alice = gateway.token("alice", "acme");
        admin = gateway.token("ops", "platform", "admin");
        System.out.printf(Locale.ROOT, "PRODUCTION SHAPE up in %.1f s: %s behind %s%n", seconds(began),
                deployment.instances().stream().map(i -> i.name() + ":" + i.port()).toList(), gateway.baseUrl());
    }

    @AfterAll
    void stop() {
        if (deployment != null) {
            deployment.close();
        }
        System.out.printf(Locale.ROOT, "PRODUCTION SHAPE wall time %.1f s%n", seconds(began));
    }

    @Test
    @Order(1)
    void the_walkthrough_download_lineage_and_history_work_through_the_gateway() throws Exception {
        String entityId = "shape-walk-" + run;
        gateway.createEntity(alice, entityId, "zone-shape", "org");
        String v1 = "2024.06.10-153042";
        String v2 = "2024.06.11-090000";
        Response first = gateway.publish(alice, entityId, v1, null, Map.of("set_as_active", true,
                "inputs", Map.of("schema", Map.of("type", "object", "properties", Map.of("region", Map.of("type", "string")),
                                "required", List.of("region")),
                        "bindings", "{\"region\": pkg.inputs.region}")));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        Response second = gateway.publish(alice, entityId, v2, v1, Map.of());
        assertThat(second.status()).as(second.body()).isEqualTo(201);

        Response listing = gateway.call("GET", "/zones/zone-shape/packages/" + entityId + "/versions?limit=10", alice, null,
                Map.of("X-Consistency-Token", second.json().get("consistency_token").asText()));
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        assertThat(listing.header("X-Consistency-Stale")).isNull();
        assertThat(listing.json().get("items")).extracting(item -> item.get("id").asText()).containsExactly(v2, v1);

        Response download = gateway.call("GET", "/api/entities/" + entityId + "/versions/" + v2 + "/download", alice, null);
        assertThat(download.status()).as(download.body()).isEqualTo(200);
        HttpResponse<byte[]> bytes = RegistryClient.HTTP.send(HttpRequest.newBuilder(
                URI.create(download.json().get("download_url").asText())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(sha256(bytes.body())).isEqualTo(download.json().get("package_sha256").asText());
        assertThat(new String(bytes.body(), StandardCharsets.UTF_8)).isEqualTo("package " + entityId + " " + v2);

        Response lineage = gateway.call("GET", "/api/entities/" + entityId + "/versions/" + v2 + "/lineage", alice, null);
        assertThat(lineage.status()).as(lineage.body()).isEqualTo(200);
        assertThat(lineage.body()).contains(v1);

        Response history = gateway.call("GET", "/api/entities/" + entityId + "/history?limit=100", alice, null);
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        history.json().get("items").forEach(item -> types.add(item.get("type").asText()));
        assertThat(types).startsWith("registry.entity.created").contains(CONFIRMED, "registry.version.activated");

        // a channel set on the command side and resolved on the query side, and the retention preview
        Response channel = gateway.call("PUT", "/api/entities/" + entityId + "/channels/beta", alice,
                Map.of("weights", Map.of(v1, 50, v2, 50)));
        assertThat(channel.status()).as(channel.body()).isEqualTo(200);
        Response resolved = gateway.call("GET", "/api/entities/" + entityId + "/channels/beta/resolve?key=host-1", alice,
                null, Map.of("X-Consistency-Token", channel.json().get("consistency_token").asText()));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().get("version_id").asText()).isIn(v1, v2);
        Response retention = gateway.call("PUT", "/api/entities/" + entityId + "/retention", alice,
                Map.of("keep_latest", 1));
        assertThat(retention.status()).as(retention.body()).isEqualTo(200);
        Response preview = gateway.call("GET", "/api/entities/" + entityId + "/retention/preview", alice, null,
                Map.of("X-Consistency-Token", retention.json().get("consistency_token").asText()));
        assertThat(preview.json().get("items")).as("both versions are beta's targets").isEmpty();

        // a POST that is a read: the gateway sends it to the query side
        Response evaluated = gateway.call("POST", "/api/entities/" + entityId + "/versions/" + v1 + "/inputs/evaluate", alice,
                Map.of("inputs", Map.of("region", "eu-west")));
        assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
        assertThat(evaluated.json().get("inputs").get("region").asText()).isEqualTo("eu-west");

        // a zone's packages (a search of the entities read model), and the web console's files, from the query side
        Response packages = gateway.call("GET", "/zones/zone-shape/packages?q=package", alice, null,
                Map.of("X-Consistency-Token", second.json().get("consistency_token").asText()));
        assertThat(packages.status()).as(packages.body()).isEqualTo(200);
        assertThat(packages.json().get("items")).extracting(item -> item.get("id").asText()).contains(entityId);
        Response console = gateway.call("GET", "/ui/", null, null);
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.header("Content-Type")).startsWith("text/html");
        assertThat(console.body()).contains("<title>Registry console</title>");
        assertThat(gateway.call("GET", "/ui/app.js", null, null).header("Content-Type")).contains("javascript");
    }

    @Test
    @Order(2)
    void health_and_each_sides_actuator_answer_through_the_gateway() {
        Response health = gateway.call("GET", "/actuator/health", null, null);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().toString()).isEqualTo("{\"status\":\"UP\"}");
        for (String side : List.of("command-side", "query-side")) {
            Response anonymous = gateway.call("GET", "/actuator/health/" + side, null, null);
            assertThat(anonymous.status()).as(side + ": " + anonymous.body()).isEqualTo(200);
            assertThat(anonymous.json().toString()).isEqualTo("{\"status\":\"UP\"}");
            Response detailed = gateway.call("GET", "/actuator/health/" + side, admin, null);
            assertThat(detailed.json().get("components").fieldNames()).toIterable().as(side).contains("db");
            Response metrics = gateway.call("GET", "/actuator/" + side + "/metrics", admin, null);
            assertThat(metrics.status()).as(side + ": " + metrics.body()).isEqualTo(200);
            assertThat(metrics.body()).contains("registry.processor.lag");
            assertThat(gateway.call("GET", "/actuator/" + side + "/metrics", alice, null).status()).isEqualTo(403);
        }
        // each path reaches its own side: the command side checks Kafka, the query side Elasticsearch
        assertThat(gateway.call("GET", "/actuator/health/command-side", admin, null).json().get("components")
                .fieldNames()).toIterable().contains("kafka").doesNotContain("elasticsearch");
        assertThat(gateway.call("GET", "/actuator/health/query-side", admin, null).json().get("components")
                .fieldNames()).toIterable().contains("elasticsearch").doesNotContain("kafka");
        Map<String, String> lagOf = Map.of("kafka-publisher", "command-side", "upload-expiry", "command-side",
                "versions-projection", "query-side");
        lagOf.forEach((processor, side) -> {
            Response lag = gateway.call("GET", "/actuator/" + side + "/metrics/registry.processor.lag?tag=processor:" + processor,
                    admin, null);
            assertThat(lag.status()).as(processor + ": " + lag.body()).isEqualTo(200);
        });
        Response unsided = gateway.call("GET", "/actuator/metrics", admin, null);
        assertThat(unsided.status()).isEqualTo(404);
        assertThat(unsided.json().get("code").asText()).isEqualTo("actuator_side_required");
    }

    @Test
    @Order(3)
    void the_gateways_own_refusals_are_problems_with_a_code() throws Exception {
        String entityId = "shape-refusals-" + run;
        // the gateway refuses a body over the applications' limit (1 MiB) itself, with their problem
        Response tooLarge = raw("POST", "/api/entities", "x".repeat(1024 * 1024 + 1), Map.of("Content-Type", "application/json"));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.header("Content-Type")).startsWith("application/problem+json");
        assertThat(tooLarge.json().get("code").asText()).isEqualTo("body_too_large");
        Response atTheLimit = raw("POST", "/api/entities", "x".repeat(1024 * 1024), Map.of("Content-Type", "application/json"));
        assertThat(atTheLimit.status()).as(atTheLimit.body()).isEqualTo(400); // reached the command side: not JSON
        assertThat(atTheLimit.header("Content-Type")).startsWith("application/problem+json");
        Response longUrl = raw("GET", "/api/entities/" + "a".repeat(9000), null, Map.of());
        assertThat(longUrl.status()).isEqualTo(414);
        assertThat(longUrl.json().get("code").asText()).isEqualTo("uri_too_long");
        Response trace = raw("TRACE", "/api/entities/" + entityId, null, Map.of());
        assertThat(trace.status()).isEqualTo(405);
        assertThat(trace.json().get("code").asText()).isEqualTo("method_not_allowed");
        Response unknown = gateway.invalidOnPurpose().call("GET", "/no/such/route", alice, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("route_not_found");
    }

    @Test
    @Order(4)
    void a_rebuild_started_through_the_gateway_reports_its_progress_there() throws Exception {
        String entityId = "shape-rebuild-" + run;
        gateway.createEntity(alice, entityId, "zone-shape", "private");
        Response confirmed = gateway.publish(alice, entityId, "2024.07.01-090000", null, Map.of());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        assertThat(gateway.call("GET", "/zones/zone-shape/packages/" + entityId + "/versions", alice, null,
                Map.of("X-Consistency-Token", confirmed.json().get("consistency_token").asText())).status()).isEqualTo(200);

        Response started = gateway.call("POST", "/admin/read-models/rebuild", admin, null);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode progress;
        List<String> phases = new ArrayList<>();
        do {
            Thread.sleep(200);
            Response status = gateway.call("GET", "/admin/read-models/rebuild", admin, null);
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            progress = status.json();
            phases.add(progress.get("phase").asText());
        } while (!Set.of("done", "failed").contains(progress.get("phase").asText()) && System.nanoTime() < deadline);
        assertThat(progress.get("phase").asText()).as("phases seen: " + phases + ", last " + progress).isEqualTo("done");
        assertThat(progress.get("started_by").asText()).isEqualTo("ops");
        assertThat(progress.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(phases).doesNotContain("idle"); // every status read reached the instance that runs the rebuild

        Response listing = gateway.call("GET", "/zones/zone-shape/packages/" + entityId + "/versions", alice, null);
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        assertThat(listing.json().get("items")).hasSize(1);
    }

    @Test
    @Order(5)
    void every_processors_lag_on_every_instance_and_each_sides_prometheus_scrape_answer_through_the_gateway() {
        Response processors = gateway.call("GET", "/admin/processors", admin, null);
        assertThat(processors.status()).as(processors.body()).isEqualTo(200);
        assertThat(processors.body()).contains("kafka-publisher", "upload-expiry", "versions-projection");
        for (String side : List.of("command-side", "query-side")) {
            Response scrape = gateway.call("GET", "/actuator/" + side + "/prometheus", admin, null);
            assertThat(scrape.status()).as(side + ": " + scrape.body()).isEqualTo(200);
            assertThat(scrape.body()).as(side).contains("registry_processor_lag");
            assertThat(gateway.call("GET", "/actuator/" + side + "/prometheus", null, null).status()).isEqualTo(401);
        }
    }

    @Test
    @Order(6)
    void the_api_document_and_swagger_ui_answer_through_the_gateway_without_a_token() throws Exception {
        String committed = Files.readString(RepositoryFiles.root().resolve(ApiDocumentApprovalTest.COMMITTED));
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(committed);
        Response json = gateway.call("GET", "/v3/api-docs", null, null);
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(json.json()).as("the complete document, both surfaces").isEqualTo(document);
        assertThat(json.json().get("paths").has("/api/entities/{entityId}/versions/confirm")).isTrue();
        assertThat(json.json().get("paths").has("/zones/{zone_id}/packages/{package_id}/versions")).isTrue();
        Response yaml = gateway.call("GET", "/v3/api-docs.yaml", null, null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.body()).isEqualTo(committed);
        // each side alone serves the same complete document (the gateway sends GETs to the query side)
        for (Instance instance : deployment.instances()) {
            Response direct = instance.client().call("GET", "/v3/api-docs", null, null);
            assertThat(direct.status()).as(instance.name()).isEqualTo(200);
            assertThat(direct.json()).as(instance.name()).isEqualTo(document);
        }

        Response docs = gateway.call("GET", "/docs", null, null);
        assertThat(docs.status()).as("GET /docs redirects to Swagger UI").isEqualTo(302);
        String ui = URI.create(gateway.baseUrl()).resolve(docs.header("Location")).toString();
        HttpResponse<String> page = RegistryClient.HTTP.send(HttpRequest.newBuilder(URI.create(ui)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(ui).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        Response config = gateway.call("GET", "/v3/api-docs/swagger-config", null, null);
        assertThat(config.status()).as(config.body()).isEqualTo(200);
        assertThat(config.json().get("url").asText()).isEqualTo("/v3/api-docs");
    }

    @Test
    @Order(10)
    void killing_one_instance_of_each_side_under_load_loses_nothing() throws Exception {
        Map<String, Map<Integer, String>> ownersBefore = owners();
        Instance commandVictim = victim(Side.COMMAND, ownersBefore.get("kafka-publisher"));
        Instance queryVictim = victim(Side.QUERY, ownersBefore.get("versions-projection"));
        Set<String> victims = Set.of(commandVictim.name(), queryVictim.name());

        List<Publisher> publishers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String entityId = "shape-kill-" + run + "-" + i;
            String created = gateway.createEntity(alice, entityId, "zone-shape-kill", "private");
            Response projected = gateway.call("GET", "/api/entities/" + entityId, alice, null,
                    Map.of("X-Consistency-Token", created)); // the reader starts on a projected entity
            assertThat(projected.status()).as(projected.body()).isEqualTo(200);
            publishers.add(new Publisher(gateway, alice, entityId));
        }
        Reader reader = new Reader(gateway, alice, publishers.get(0).entityId);
        List<Thread> threads = new ArrayList<>();
        publishers.forEach(p -> threads.add(new Thread(p, "publisher-" + p.entityId)));
        threads.add(new Thread(reader, "reader"));
        threads.forEach(Thread::start);

        awaitAcknowledged(publishers, 20, Duration.ofSeconds(3));
        int acknowledgedBeforeKill = acknowledged(publishers).size();
        publishers.forEach(Publisher::killComing);
        long killedAt = System.nanoTime();
        deployment.kill(commandVictim);
        long queryKill = System.nanoTime();
        deployment.kill(queryVictim);
        reader.killed(queryKill, System.nanoTime());
        awaitAcknowledged(publishers, acknowledgedBeforeKill + 20, Duration.ofSeconds(5));
        publishers.forEach(Publisher::stop);
        reader.stop();
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        double takeoverSeconds = awaitTakeover(ownersBefore, victims, killedAt);

        Set<String> acknowledged = acknowledged(publishers);
        Set<String> entities = new TreeSet<>(publishers.stream().map(p -> p.entityId).toList());
        Set<String> inStore = confirmedInHistory(entities);
        Set<String> inReadModel = inReadModel(acknowledged, Duration.ofSeconds(60));
        Topic topic = topic(entities, acknowledged, Duration.ofSeconds(90));
        int cutOff = publishers.stream().mapToInt(p -> p.cutOff.get()).sum();
        Set<String> recordedAnyway = new TreeSet<>(inStore);
        recordedAnyway.removeAll(acknowledged);
        System.out.printf(Locale.ROOT, "PRODUCTION SHAPE kill (SIGKILL %s and %s under load): %d acknowledged (%d before the kill),"
                        + " %d publishes cut off (%d of them recorded anyway); lost: event store %d, read model %d, topic %d;"
                        + " topic: %d records, %d duplicates (%d events twice or more); reads: %d answered, %d cut off by the kill,"
                        + " %d failed %s;"
                        + " takeover of every segment %.1f s after the kill; owners before %s, after %s%n",
                commandVictim.name(), queryVictim.name(), acknowledged.size(), acknowledgedBeforeKill, cutOff,
                recordedAnyway.size(), missing(acknowledged, inStore).size(), missing(acknowledged, inReadModel).size(),
                missing(acknowledged, topic.confirmed).size(), topic.records, topic.duplicates(), topic.duplicated.size(),
                reader.answered.get(), reader.cutOffByTheKill().size(), reader.failures().size(),
                reader.failures().stream().limit(3).toList(), takeoverSeconds,
                ownersBefore, owners());

        assertThat(publishers.stream().flatMap(p -> p.errors.stream()).toList()).as("publishes that failed before the kill").isEmpty();
        assertThat(missing(acknowledged, inStore)).as("acknowledged, missing from the event store").isEmpty();
        assertThat(missing(acknowledged, inReadModel)).as("acknowledged, missing from the read model").isEmpty();
        assertThat(missing(acknowledged, topic.confirmed)).as("acknowledged, missing from the topic").isEmpty();
        assertThat(topic.differingDuplicates).as("records with one ce_id but different values").isEmpty();
        assertThat(topic.outOfOrder).as("entities whose events reached the topic out of order (first copies)").isEmpty();
        assertThat(reader.failures()).as("reads that failed (a GET the gateway could not complete on one instance goes to"
                + " the other)").isEmpty();
        assertThat(takeoverSeconds).as("takeover of the killed instances' segments").isLessThan(TAKEOVER_LIMIT.toSeconds());
    }

    // --- the load ---

    /** Publishes versions of its entity back to back through the gateway; a publish the kill cut off is skipped. */
    private static final class Publisher implements Runnable {
        final String entityId;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger cutOff = new AtomicInteger();
        private final RegistryClient client;
        private final String token;
        private final AtomicBoolean killComing = new AtomicBoolean();
        private final AtomicBoolean stop = new AtomicBoolean();

        Publisher(RegistryClient client, String token, String entityId) {
            this.client = client;
            this.token = token;
            this.entityId = entityId;
        }

        void killComing() {
            killComing.set(true);
        }

        void stop() {
            stop.set(true);
        }

        @Override
        public void run() {
            for (int i = 0; !stop.get(); i++) {
                String versionId = ListingTestIds.versionId(BASE, i);
                try {
                    Response confirm = client.tryPublish(token, entityId, versionId, null, Map.of());
                    if (confirm.status() == 201) {
                        acknowledged.add(entityId + "/" + versionId);
                    } else {
                        failed(versionId, "confirm answered " + confirm.status() + ": " + confirm.body());
                    }
                } catch (IOException | UncheckedIOException e) {
                    failed(versionId, e.toString());
                } catch (AssertionError e) {
                    failed(versionId, e.getMessage());
                }
            }
        }

        /** After the kill, a failure is the kill cutting an in-flight request off (the gateway answers 502); before it, a bug. */
        private void failed(String versionId, String why) {
            if (killComing.get()) {
                cutOff.incrementAndGet();
            } else {
                errors.add(entityId + "/" + versionId + ": " + why);
            }
        }
    }

    /**
     * Reads the listing through the gateway throughout. A read the gateway could not complete is a failure, with
     * one exception: a response the killed instance was sending when it died, cut off mid-body (the gateway sends
     * a GET to the other instance only while no part of the response has reached the client).
     */
    private static final class Reader implements Runnable {
        /** A read that broke off: when it was sent and when it failed. */
        private record BrokenOff(long sent, long failed, String why) {
        }

        final AtomicInteger answered = new AtomicInteger();
        private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
        private final List<BrokenOff> brokenOff = Collections.synchronizedList(new ArrayList<>());
        private final RegistryClient client;
        private final String token;
        private final String entityId;
        private final AtomicBoolean stop = new AtomicBoolean();
        private long killStarted = Long.MAX_VALUE;
        private long killDone = Long.MAX_VALUE;

        Reader(RegistryClient client, String token, String entityId) {
            this.client = client;
            this.token = token;
            this.entityId = entityId;
        }

        /** When the query-side instance was killed: from the signal until it was gone. */
        void killed(long started, long done) {
            killStarted = started;
            killDone = done;
        }

        void stop() {
            stop.set(true);
        }

        @Override
        public void run() {
            while (!stop.get()) {
                long sent = System.nanoTime();
                try {
                    Response listing = client.send("GET", "/zones/zone-shape-kill/packages/" + entityId + "/versions?limit=5",
                            token, null, Map.of());
                    if (listing.status() == 200) {
                        answered.incrementAndGet();
                    } else {
                        refused.add(listing.status() + " " + listing.body());
                    }
                } catch (IOException | UncheckedIOException e) {
                    brokenOff.add(new BrokenOff(sent, System.nanoTime(), e.toString()));
                }
            }
        }

        List<String> cutOffByTheKill() {
            return brokenOff.stream().filter(this::inFlightAtTheKill).map(BrokenOff::why).toList();
        }

        List<String> failures() {
            List<String> failures = new ArrayList<>(refused);
            brokenOff.stream().filter(b -> !inFlightAtTheKill(b)).forEach(b -> failures.add(b.why()));
            return failures;
        }

        private boolean inFlightAtTheKill(BrokenOff read) {
            return read.sent() <= killDone && read.failed() >= killStarted;
        }
    }

    private static Set<String> acknowledged(List<Publisher> publishers) {
        Set<String> all = new TreeSet<>();
        publishers.forEach(p -> all.addAll(p.acknowledged));
        return all;
    }

    /** Until at least {@code count} versions are acknowledged and {@code atLeast} has passed (at most a minute). */
    private static void awaitAcknowledged(List<Publisher> publishers, int count, Duration atLeast) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(60).toNanos();
        while ((System.nanoTime() - start < atLeast.toNanos() || acknowledged(publishers).size() < count)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    // --- where the acknowledged versions are ---

    /** Every {@code registry.version.confirmed} the event store holds for these entities (the history route). */
    private Set<String> confirmedInHistory(Set<String> entities) {
        Set<String> confirmed = new TreeSet<>();
        for (String entityId : entities) {
            String after = null;
            do {
                String query = "?limit=100" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
                Response page = gateway.call("GET", "/api/entities/" + entityId + "/history" + query, alice, null);
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

    /** Which of {@code expected} the read model answers through the gateway, waiting up to {@code patience}. */
    private Set<String> inReadModel(Set<String> expected, Duration patience) throws InterruptedException {
        Set<String> found = new HashSet<>();
        long deadline = System.nanoTime() + patience.toNanos();
        do {
            for (String version : expected) {
                if (!found.contains(version)) {
                    String[] ids = version.split("/");
                    if (gateway.call("GET", "/api/entities/" + ids[0] + "/versions/" + ids[1], alice, null).status() == 200) {
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

    /** What the topic holds for these entities, read until every expected version is there. */
    private static Topic topic(Set<String> entities, Set<String> expected, Duration patience) {
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.read(TopicRecords.EVENTS,
                record -> entities.contains(record.key()),
                found -> confirmedOf(found).containsAll(expected), patience);
        return new Topic(records);
    }

    private static Set<String> confirmedOf(List<ConsumerRecord<String, byte[]>> records) {
        Set<String> confirmed = new TreeSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (CONFIRMED.equals(TopicRecords.header(record, "ce_type"))) {
                confirmed.add(record.key() + "/" + TopicRecords.header(record, "ce_versionid"));
            }
        }
        return confirmed;
    }

    /** The records of the test's entities: duplicates by {@code ce_id}, and whether the first copies keep each entity's order. */
    private static final class Topic {
        final int records;
        final Set<String> confirmed;
        final Map<String, Integer> duplicated = new TreeMap<>();
        final List<String> differingDuplicates = new ArrayList<>();
        final List<String> outOfOrder = new ArrayList<>();

        Topic(List<ConsumerRecord<String, byte[]>> all) {
            records = all.size();
            confirmed = confirmedOf(all);
            Map<String, byte[]> firstValue = new HashMap<>();
            Map<String, Long> lastSequence = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : all) {
                String id = TopicRecords.header(record, "ce_id");
                byte[] earlier = firstValue.putIfAbsent(id, record.value());
                if (earlier != null) {
                    duplicated.merge(id, 1, Integer::sum);
                    if (!Arrays.equals(earlier, record.value())) {
                        differingDuplicates.add(id);
                    }
                    continue;
                }
                long sequence = Long.parseLong(TopicRecords.header(record, "ce_sequence"));
                Long previous = lastSequence.put(record.key(), sequence);
                if (previous != null && sequence <= previous) {
                    outOfOrder.add(record.key() + ": " + previous + " then " + sequence);
                }
            }
        }

        int duplicates() {
            return duplicated.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static Set<String> missing(Set<String> expected, Set<String> found) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(found);
        return missing;
    }

    // --- processor segments ---

    /** processor -> segment -> owner (null when unclaimed), from the deployment's token store. */
    private Map<String, Map<Integer, String>> owners() throws SQLException {
        Map<String, Map<Integer, String>> owners = new TreeMap<>();
        try (Connection connection = deployment.database(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select processor_name, segment, owner from token_entry")) {
            while (rows.next()) {
                owners.computeIfAbsent(rows.getString(1), p -> new TreeMap<>()).put(rows.getInt(2), rows.getString(3));
            }
        }
        return owners;
    }

    /** The instance of {@code side} that owns most of these segments (the one whose death needs a takeover). */
    private Instance victim(Side side, Map<Integer, String> segments) {
        assertThat(segments).as("segments of " + side).isNotNull().isNotEmpty();
        Map<String, Integer> owned = new LinkedHashMap<>();
        segments.values().forEach(owner -> owned.merge(String.valueOf(owner), 1, Integer::sum));
        return deployment.instances().stream().filter(i -> i.side() == side)
                .max((a, b) -> Integer.compare(owned.getOrDefault(a.name(), 0), owned.getOrDefault(b.name(), 0)))
                .orElseThrow();
    }

    /**
     * Seconds from the kill until every segment the victims owned is owned by a surviving instance (the dead
     * instances' claims expire after the claim timeout; the survivors' processors then claim them).
     */
    private double awaitTakeover(Map<String, Map<Integer, String>> before, Set<String> victims, long killedAt)
            throws SQLException, InterruptedException {
        long deadline = killedAt + TAKEOVER_LIMIT.plusSeconds(30).toNanos();
        while (true) {
            Map<String, Map<Integer, String>> now = owners();
            boolean done = true;
            for (Map.Entry<String, Map<Integer, String>> processor : before.entrySet()) {
                for (Map.Entry<Integer, String> segment : processor.getValue().entrySet()) {
                    String owner = now.getOrDefault(processor.getKey(), Map.of()).get(segment.getKey());
                    if (victims.contains(segment.getValue()) && (owner == null || victims.contains(owner))) {
                        done = false;
                    }
                }
            }
            if (done) {
                return seconds(killedAt);
            }
            if (System.nanoTime() > deadline) {
                return Double.POSITIVE_INFINITY;
            }
            Thread.sleep(100);
        }
    }

    // --- helpers ---

    /** A request as sent by a client that does not go through {@link RegistryClient}'s JSON body handling. */
    private Response raw(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + alice)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpRequest sent = request.build();
        HttpResponse<String> response = RegistryClient.HTTP.send(sent, HttpResponse.BodyHandlers.ofString());
        ContractCheck.verify(sent, body, response, true); // the gateway's refusals: malformed on purpose
        return new Response(response.statusCode(), response.body(), response.headers().map());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
