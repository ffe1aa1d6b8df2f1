package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.consistency.ConsistencyToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One entity, 100 commands at once over HTTP: confirms of distinct versions, confirms racing for the same
 * version, and activations. The aggregate is the consistency boundary, so whatever the interleaving the
 * version numbers have no gap or duplicate, exactly one of the racing confirms wins, one version is active,
 * and the event store holds exactly one event per accepted command.
 */
class ConcurrentCommandsTest extends BackendTestSupport {

    private static final int BASELINE_VERSIONS = 5;
    private static final int DISTINCT_CONFIRMS = 60;
    private static final int CONTESTED_VERSIONS = 5;
    private static final int CONFIRMS_PER_CONTESTED_VERSION = 4;
    private static final int ACTIVATIONS_OF_CONCURRENT_VERSIONS = 15;
    private static final int THREADS = 16;

    enum Kind { CONFIRM, CONTESTED_CONFIRM, SET_ACTIVE }

    record Attempt(Kind kind, String versionId) {
    }

    record Outcome(Attempt attempt, Response response) {
        int status() {
            return response.status();
        }

        long sequence() {
            return ConsistencyToken.decode(response.json().get("consistency_token").asText()).orElseThrow().sequence();
        }

        String code() {
            return response.status() >= 400 ? response.json().path("code").asText() : null;
        }
    }

    record StoredEvent(long sequence, String type, JsonNode payload) {
    }

    @Autowired
    JdbcTemplate jdbc;

    private String publisher;
    private String entityId;

    @Test
    void concurrent_confirms_and_activations_number_versions_without_gaps_and_record_each_accepted_command_once()
            throws Exception {
        publisher = token("pat", "acme");
        entityId = uniqueId("concurrent");
        createEntity(publisher, entityId, uniqueId("zone-concurrent"), "private");

        List<String> baseline = new ArrayList<>();
        for (int i = 0; i < BASELINE_VERSIONS; i++) {
            String version = versionId(i);
            Response confirmed = publish(publisher, entityId, version, Map.of());
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
            baseline.add(version);
        }
        Map<String, Map<String, Object>> confirmBodies = new HashMap<>();
        List<String> distinct = new ArrayList<>();
        List<String> contested = new ArrayList<>();
        for (int i = 0; i < DISTINCT_CONFIRMS + CONTESTED_VERSIONS; i++) {
            String version = versionId(BASELINE_VERSIONS + i);
            confirmBodies.put(version, uploaded(version));
            (i < DISTINCT_CONFIRMS ? distinct : contested).add(version);
        }

        List<Attempt> attempts = new ArrayList<>();
        distinct.forEach(v -> attempts.add(new Attempt(Kind.CONFIRM, v)));
        contested.forEach(v -> IntStream.range(0, CONFIRMS_PER_CONTESTED_VERSION)
                .forEach(i -> attempts.add(new Attempt(Kind.CONTESTED_CONFIRM, v))));
        // every activation names a different version, so each accepted one must change the active version
        baseline.forEach(v -> attempts.add(new Attempt(Kind.SET_ACTIVE, v)));
        distinct.subList(0, ACTIVATIONS_OF_CONCURRENT_VERSIONS).forEach(v -> attempts.add(new Attempt(Kind.SET_ACTIVE, v)));
        Collections.shuffle(attempts, new Random(20240610));
        assertThat(attempts).hasSize(100);

        List<Outcome> outcomes = runAllAtOnce(attempts, confirmBodies);
        String summary = outcomes.stream()
                .collect(Collectors.groupingBy(o -> o.attempt().kind() + " " + o.status() + " " + o.code(),
                        Collectors.counting())).toString();

        // ---- the answers ----
        assertThat(outcomes).as("no command may fail with a server error: " + summary)
                .allSatisfy(o -> assertThat(o.status()).as(o.response().body()).isLessThan(500));
        assertThat(outcomes).filteredOn(o -> o.attempt().kind() == Kind.CONFIRM).as(summary)
                .allSatisfy(o -> assertThat(o.status()).as(o.response().body()).isEqualTo(201));
        for (String version : contested) {
            List<Outcome> racing = outcomes.stream().filter(o -> o.attempt().kind() == Kind.CONTESTED_CONFIRM
                    && o.attempt().versionId().equals(version)).toList();
            assertThat(racing).as("confirms of " + version + ": " + summary)
                    .filteredOn(o -> o.status() == 201).hasSize(1);
            assertThat(racing).filteredOn(o -> o.status() != 201).as(summary)
                    .hasSize(CONFIRMS_PER_CONTESTED_VERSION - 1)
                    .allSatisfy(o -> {
                        assertThat(o.status()).as(o.response().body()).isEqualTo(409);
                        assertThat(o.code()).isEqualTo("version_exists");
                    });
        }
        assertThat(outcomes).filteredOn(o -> o.attempt().kind() == Kind.SET_ACTIVE).as(summary)
                .allSatisfy(o -> {
                    if (baseline.contains(o.attempt().versionId())) {
                        assertThat(o.status()).as(o.response().body()).isEqualTo(200);
                    } else {
                        assertThat(o.status()).as(o.response().body()).isIn(200, 404);
                        if (o.status() == 404) {
                            assertThat(o.code()).isEqualTo("version_not_found");
                        }
                    }
                });

        List<Outcome> acceptedConfirms = outcomes.stream().filter(o -> o.status() == 201).toList();
        List<Outcome> acceptedActivations = outcomes.stream()
                .filter(o -> o.attempt().kind() == Kind.SET_ACTIVE && o.status() == 200).toList();
        List<String> confirmedIds = new ArrayList<>(baseline);
        acceptedConfirms.forEach(o -> confirmedIds.add(o.attempt().versionId()));
        int total = confirmedIds.size();
        assertThat(total).isEqualTo(BASELINE_VERSIONS + DISTINCT_CONFIRMS + CONTESTED_VERSIONS);
        assertThat(acceptedConfirms).extracting(o -> o.response().json().get("version").asInt())
                .as("version numbers answered by the concurrent confirms")
                .containsExactlyInAnyOrderElementsOf(range(BASELINE_VERSIONS + 1, total));

        // ---- the event store: every accepted command's event, exactly once, in a gapless stream ----
        List<StoredEvent> events = storedEvents();
        assertThat(events).extracting(StoredEvent::sequence).as("sequence numbers are contiguous")
                .containsExactlyElementsOf(IntStream.range(0, events.size()).mapToObj(i -> (long) i).toList());
        List<StoredEvent> confirmedEvents = ofType(events, "registry.version.confirmed");
        assertThat(confirmedEvents).extracting(e -> e.payload().get("version_id").asText())
                .containsExactlyInAnyOrderElementsOf(confirmedIds);
        assertThat(confirmedEvents).extracting(e -> e.payload().get("version").asInt())
                .containsExactlyElementsOf(range(1, total));
        List<StoredEvent> activatedEvents = ofType(events, "registry.version.activated");
        assertThat(activatedEvents).extracting(e -> e.payload().get("version_id").asText())
                .containsExactlyInAnyOrderElementsOf(acceptedActivations.stream().map(o -> o.attempt().versionId()).toList());
        Map<Long, StoredEvent> bySequence = events.stream()
                .collect(Collectors.toMap(StoredEvent::sequence, e -> e));
        for (Outcome accepted : acceptedConfirms) {
            StoredEvent event = bySequence.get(accepted.sequence());
            assertThat(event.type()).isEqualTo("registry.version.confirmed");
            assertThat(event.payload().get("version_id").asText()).isEqualTo(accepted.attempt().versionId());
            assertThat(event.payload().get("version").asInt())
                    .isEqualTo(accepted.response().json().get("version").asInt());
        }
        for (Outcome accepted : acceptedActivations) {
            StoredEvent event = bySequence.get(accepted.sequence());
            assertThat(event.type()).isEqualTo("registry.version.activated");
            assertThat(event.payload().get("version_id").asText()).isEqualTo(accepted.attempt().versionId());
        }
        assertThat(events).extracting(StoredEvent::type).containsOnly("registry.entity.created",
                "registry.version.upload-requested", "registry.version.confirmed", "registry.version.activated");
        String activeVersion = activatedEvents.get(activatedEvents.size() - 1).payload().get("version_id").asText();

        // ---- the read model, once it has caught up with the last event ----
        Map<String, String> caughtUp = Map.of("X-Consistency-Token",
                new ConsistencyToken(entityId, events.get(events.size() - 1).sequence()).encode());
        List<JsonNode> listed = walkListing(caughtUp, total);
        assertThat(listed).extracting(v -> v.get("version").asInt())
                .containsExactlyElementsOf(range(1, total).stream().sorted(Collections.reverseOrder()).toList());
        assertThat(listed).extracting(v -> v.get("id").asText()).containsExactlyInAnyOrderElementsOf(confirmedIds);
        assertThat(listed).filteredOn(v -> v.get("active").asBoolean())
                .extracting(v -> v.get("id").asText()).containsExactly(activeVersion);

        Response active = call("GET", "/api/entities/" + entityId + "/versions/active", publisher, null, caughtUp);
        assertThat(active.status()).as(active.body()).isEqualTo(200);
        assertThat(active.json().get("id").asText()).isEqualTo(activeVersion);
        assertThat(active.json().get("active").asBoolean()).isTrue();
        assertThat(confirmedIds).contains(activeVersion);
        Response version = call("GET", "/api/entities/" + entityId + "/versions/" + activeVersion, publisher, null,
                caughtUp);
        assertThat(version.json().get("active").asBoolean()).isTrue();
        JsonNode entity = call("GET", "/api/entities/" + entityId, publisher, null, caughtUp).json();
        assertThat(entity.get("active_version_id").asText()).isEqualTo(activeVersion);
        assertThat(entity.get("version_count").asInt()).isEqualTo(total);
    }

    private List<Outcome> runAllAtOnce(List<Attempt> attempts, Map<String, Map<String, Object>> confirmBodies)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> running = new ArrayList<>();
            for (Attempt attempt : attempts) {
                running.add(pool.submit(() -> {
                    start.await();
                    return new Outcome(attempt, perform(attempt, confirmBodies));
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : running) {
                outcomes.add(outcome.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private Response perform(Attempt attempt, Map<String, Map<String, Object>> confirmBodies) {
        String entity = "/api/entities/" + entityId;
        if (attempt.kind() == Kind.SET_ACTIVE) {
            return call("PUT", entity + "/versions/active", publisher, Map.of("versionId", attempt.versionId()));
        }
        return call("POST", entity + "/versions/confirm", publisher, confirmBodies.get(attempt.versionId()));
    }

    /** Upload URLs requested and the package stored: the body that confirms {@code version}. */
    private Map<String, Object> uploaded(String version) throws IOException, InterruptedException {
        String sourceHash = "sha256:" + entityId + version;
        Response upload = call("POST", "/api/entities/" + entityId + "/versions/upload-url", publisher,
                Map.of("version", version, "source_hash", sourceHash, "force", true));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        byte[] bytes = ("package " + entityId + " " + version).getBytes(StandardCharsets.UTF_8);
        assertThat(putBytes(upload.json().get("upload_url").asText(), bytes)).isEqualTo(200);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("storage_path", upload.json().get("storage_path").asText());
        body.put("version", version);
        body.put("source_hash", sourceHash);
        body.put("file_size_bytes", bytes.length);
        body.put("force", true);
        return body;
    }

    /** The whole listing, newest first, following {@code after_cursor} to the end. */
    private List<JsonNode> walkListing(Map<String, String> caughtUp, int total) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String after = null;
        do {
            Response page = call("GET", "/api/entities/" + entityId + "/versions?limit=7"
                    + (after == null ? "" : "&after=" + after), publisher, null, caughtUp);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().get("pagination").get("total_count").asInt()).isEqualTo(total);
            page.json().get("items").forEach(items::add);
            JsonNode next = page.json().get("pagination").get("after_cursor");
            after = next == null || next.isNull() ? null : next.asText();
            assertThat(after == null || cursors.add(after)).as("the listing loops on cursor " + after).isTrue();
        } while (after != null);
        return items;
    }

    private List<StoredEvent> storedEvents() {
        return jdbc.query("select sequence_number, payload_type, payload from domain_event_entry "
                        + "where aggregate_identifier = ? order by sequence_number",
                (row, i) -> {
                    try {
                        return new StoredEvent(row.getLong(1), row.getString(2), JSON.readTree(row.getBytes(3)));
                    } catch (IOException e) {
                        throw new IllegalStateException("payload is not JSON", e);
                    }
                }, entityId);
    }

    private static List<StoredEvent> ofType(List<StoredEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    private static List<Integer> range(int first, int last) {
        return IntStream.rangeClosed(first, last).boxed().toList();
    }

    private static String versionId(int index) {
        return LocalDateTime.of(2024, 6, 10, 12, 0).plusMinutes(index)
                .format(DateTimeFormatter.ofPattern("yyyy.MM.dd-HHmmss"));
    }
}
