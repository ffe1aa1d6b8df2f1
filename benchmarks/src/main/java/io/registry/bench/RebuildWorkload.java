package io.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.query.elastic.ReadModelIndices;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Workload 4: rebuild. Synthetic but valid event streams are written into the event store with COPY (not through
 * HTTP) while the backend is stopped; the processors' tokens are moved past them; the backend starts again and its
 * own rebuild ({@code POST /admin/read-models/rebuild}, {@code ReadModelRebuild}: every event of the store through
 * ReadModelProjection batches into new indices, then an alias swap) is timed, against a raw {@code _bulk} of the
 * very documents it produced into other fresh indices.
 */
final class RebuildWorkload {

    static final int VERSIONS_PER_ENTITY = 333;
    static final int EVENTS_PER_ENTITY = 1 + 3 * VERSIONS_PER_ENTITY;
    private static final int BULK_DOCS = 5000;
    private static final int BULK_THREADS = 2;

    record Result(long syntheticEvents, int syntheticEntities, double generateSeconds, long replayedEvents,
                  double replaySeconds, Latencies replayTimeline, long versionDocs, long entityDocs, double bulkSeconds,
                  long bulkDocs, Latencies bulkTimeline, int threads, String hotThreads, Map<String, Object> replayEsStats,
                  Map<String, Object> bulkEsStats) {
    }

    private RebuildWorkload() {
    }

    /**
     * Writes the synthetic events with COPY (the backend must be stopped), as entities {@code prefix-00000}, ...
     * (each rebuild of a run its own prefix: the events of one stay in the store for the next); answers
     * [events, entities, seconds].
     */
    static double[] generate(BenchTarget sut, long targetEvents, String prefix, Consumer<String> say) throws Exception {
        int entities = (int) Math.max(1, (targetEvents + EVENTS_PER_ENTITY - 1) / EVENTS_PER_ENTITY);
        long generateBegin = System.nanoTime();
        long synthetic = 0;
        Instant start = Instant.parse("2023-01-01T00:00:00Z");
        List<String> ids = SyntheticEvents.entityIds(prefix, entities);
        for (int from = 0; from < entities; from += 50) {
            try (Connection connection = sut.jdbc()) {
                SyntheticEvents writer = new SyntheticEvents(connection, "domain_event_entry");
                for (int e = from; e < Math.min(entities, from + 50); e++) {
                    writer.entity(ids.get(e), "bench-rebuild", VERSIONS_PER_ENTITY, true, start.plusSeconds(e));
                }
                synthetic += writer.commit();
            }
        }
        double generateSeconds = (System.nanoTime() - generateBegin) / 1e9;
        say.accept(String.format("  wrote %,d synthetic events (%d entities x %d) into the event store with COPY in %.1f s",
                synthetic, entities, EVENTS_PER_ENTITY, generateSeconds));
        return new double[] {synthetic, entities, generateSeconds};
    }

    /**
     * Waits until every tracking processor has stored a token: on a store that was empty when they started they
     * hold none (null) until they have read an event, and {@link #moveTokensToHead} can only move a token that is
     * there. A processor without one would start from the tail and see the synthetic history live.
     */
    static void awaitTokens(BenchTarget sut, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String query = "SELECT count(*), count(token) FROM token_entry";
        while (true) {
            try (Connection connection = sut.jdbc();
                 PreparedStatement select = connection.prepareStatement(query);
                 ResultSet rs = select.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                long withToken = rs.getLong(2);
                if (rows > 0 && rows == withToken) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the processors stored no token within " + limit + " (" + withToken
                            + " of " + rows + " token rows hold one)");
                }
            }
            Thread.sleep(200);
        }
    }

    /**
     * Moves every tracking processor's token (live projection, Kafka forwarder, upload expiry) to the head of the
     * store, so that the synthetic history is seen by the rebuild only: neither projected live nor forwarded to
     * Kafka. Answers the rows moved.
     */
    static int moveTokensToHead(BenchTarget sut) throws Exception {
        int moved = 0;
        try (Connection connection = sut.jdbc()) {
            long head;
            try (PreparedStatement max = connection.prepareStatement("SELECT coalesce(max(global_index), 0) FROM domain_event_entry");
                 ResultSet rs = max.executeQuery()) {
                rs.next();
                head = rs.getLong(1);
            }
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT processor_name, segment, token_type, token FROM token_entry");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBytes(4)});
                }
            }
            for (Object[] row : rows) {
                byte[] token = (byte[]) row[3];
                if (token == null) {
                    continue;
                }
                String json = new String(token, StandardCharsets.UTF_8);
                String type = String.valueOf(row[2]);
                String moved2;
                if (type.endsWith("GlobalSequenceTrackingToken") && json.matches("(?s).*\"globalIndex\"\\s*:\\s*-?\\d+.*")) {
                    moved2 = json.replaceAll("\"globalIndex\"\\s*:\\s*-?\\d+", "\"globalIndex\":" + head);
                } else if (type.endsWith("GapAwareTrackingToken") && json.matches("(?s).*\"index\"\\s*:\\s*-?\\d+.*")) {
                    moved2 = json.replaceAll("\"index\"\\s*:\\s*-?\\d+", "\"index\":" + head)
                            .replaceAll("\"gaps\"\\s*:\\s*\\[[^\\]]*\\]", "\"gaps\":[]");
                } else {
                    throw new IllegalStateException("unexpected token of " + row[0] + "/" + row[1] + ": " + type + " " + json);
                }
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE token_entry SET token = ? WHERE processor_name = ? AND segment = ?")) {
                    update.setBytes(1, moved2.getBytes(StandardCharsets.UTF_8));
                    update.setString(2, (String) row[0]);
                    update.setInt(3, (Integer) row[1]);
                    moved += update.executeUpdate();
                }
            }
        }
        return moved;
    }

    /**
     * Runs the product's rebuild ({@code POST /admin/read-models/rebuild}: every event of the store replayed
     * through ReadModelProjection batches into new indices, then the aliases swapped), polling its status every
     * second; then the raw baseline.
     */
    static Result runProductRebuild(BenchTarget sut, RegistryClient client, double[] generated, Path workDir,
                                    Duration limit, Consumer<String> say) throws Exception {
        String admin = client.adminToken();
        Map<String, Long> statsBefore = EsStats.snapshot(sut, "registry-*");
        Latencies timeline = new Latencies("product rebuild (events/s)", 1000).start();
        Http.Response started = client.call("POST", "/admin/read-models/rebuild", admin, null);
        if (started.status() != 202) {
            throw new IllegalStateException("POST /admin/read-models/rebuild answered " + started);
        }
        long begin = System.nanoTime();
        long deadline = begin + limit.toNanos();
        long lastApplied = 0;
        String hotThreads = null;
        JsonNode status;
        while (true) {
            Thread.sleep(1000);
            status = client.call("GET", "/admin/read-models/rebuild", admin, null).json();
            long applied = status.path("events_applied").asLong();
            timeline.countNow(applied - lastApplied);
            lastApplied = applied;
            String phase = status.path("phase").asText();
            if (hotThreads == null && applied > generated[0] / 3) {
                hotThreads = hotThreads(sut);
            }
            if (phase.equals("done") || phase.equals("failed")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the rebuild did not finish within " + limit + ": " + status);
            }
        }
        double polledSeconds = (System.nanoTime() - begin) / 1e9;
        timeline.stop();
        if (!status.path("phase").asText().equals("done")) {
            throw new IllegalStateException("the rebuild failed: " + status.path("error").asText());
        }
        double replaySeconds = Duration.between(Instant.parse(status.path("started_at").asText()),
                Instant.parse(status.path("finished_at").asText())).toNanos() / 1e9;
        long replayed = status.path("events_applied").asLong();
        String versionsIndex = status.path("versions_index").asText();
        String entitiesIndex = status.path("entities_index").asText();
        Map<String, Object> replayStats = EsStats.diff(statsBefore, EsStats.snapshot(sut, "registry-*"), replayed);
        long versionDocs = count(sut, versionsIndex);
        long entityDocs = count(sut, entitiesIndex);
        say.accept(String.format("  the product rebuild replayed %,d events in %.1f s (%.0f events/s; %.1f s polled)"
                        + " -> %,d version docs, %,d entity docs", replayed, replaySeconds, replayed / replaySeconds,
                polledSeconds, versionDocs, entityDocs));
        return bulkBaseline(sut, workDir, generated, replayed, replaySeconds, timeline, versionsIndex, entitiesIndex,
                versionDocs, entityDocs, hotThreads, replayStats, say);
    }

    private static Result bulkBaseline(BenchTarget sut, Path workDir, double[] generated, long replayed,
                                       double replaySeconds, Latencies timeline, String versionsIndex,
                                       String entitiesIndex, long versionDocs, long entityDocs, String hotThreads,
                                       Map<String, Object> replayStats, Consumer<String> say) throws Exception {
        ReadModelIndices indices = new ReadModelIndices(sut.elasticsearchClient(10, new ArrayList<>()),
                ReadModelIndices.DEFAULT_PREFIX);
        Path versionsFile = export(sut, versionsIndex, workDir.resolve("bulk-versions.ndjson"));
        Path entitiesFile = export(sut, entitiesIndex, workDir.resolve("bulk-entities.ndjson"));
        String bulkSuffix = "bulk-" + System.currentTimeMillis();
        String bulkVersions = indices.create(indices.versions(), bulkSuffix);
        String bulkEntities = indices.create(indices.entities(), bulkSuffix);
        Map<String, Long> bulkStatsBefore = EsStats.snapshot(sut, bulkVersions + "," + bulkEntities);
        Latencies bulkTimeline = new Latencies("raw _bulk (docs/s)", 1000).start();
        long bulkBegin = System.nanoTime();
        long bulked = bulk(sut, versionsFile, bulkVersions, bulkTimeline) + bulk(sut, entitiesFile, bulkEntities, bulkTimeline);
        sut.es("POST", "/" + bulkVersions + "," + bulkEntities + "/_refresh", null);
        double bulkSeconds = (System.nanoTime() - bulkBegin) / 1e9;
        bulkTimeline.stop();
        Map<String, Object> bulkStats = EsStats.diff(bulkStatsBefore, EsStats.snapshot(sut, bulkVersions + "," + bulkEntities), 0);
        long bulkCount = count(sut, bulkVersions) + count(sut, bulkEntities);
        if (bulkCount != versionDocs + entityDocs) {
            throw new IllegalStateException("_bulk indexed " + bulkCount + " docs, expected " + (versionDocs + entityDocs));
        }
        Files.deleteIfExists(versionsFile);
        Files.deleteIfExists(entitiesFile);
        say.accept(String.format("  raw _bulk of the same %,d docs in %.1f s", bulked, bulkSeconds));
        for (String index : List.of(bulkVersions, bulkEntities)) {
            sut.es("DELETE", "/" + index, null);
        }
        return new Result((long) generated[0], (int) generated[1], generated[2], replayed, replaySeconds, timeline,
                versionDocs, entityDocs, bulkSeconds, bulked, bulkTimeline, 1, hotThreads, replayStats, bulkStats);
    }

    private static long count(BenchTarget sut, String index) {
        return sut.es("GET", "/" + index + "/_count", null).path("count").asLong();
    }

    private static String hotThreads(BenchTarget sut) {
        try {
            var response = sut.elasticsearch().performRequest(
                    new org.elasticsearch.client.Request("GET", "/_nodes/hot_threads?threads=4&interval=1s"));
            return org.apache.http.util.EntityUtils.toString(response.getEntity());
        } catch (Exception e) {
            return "hot_threads failed: " + e;
        }
    }

    /** Scrolls every document of an index into a file of _bulk lines. */
    private static Path export(BenchTarget sut, String index, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            JsonNode page = sut.es("POST", "/" + index + "/_search?scroll=2m", "{\"size\":5000,\"sort\":[\"_doc\"]}");
            while (true) {
                JsonNode hits = page.path("hits").path("hits");
                if (hits.isEmpty()) {
                    break;
                }
                for (JsonNode hit : hits) {
                    out.write("{\"index\":{\"_id\":" + Http.JSON.writeValueAsString(hit.path("_id").asText()) + "}}\n");
                    out.write(Http.JSON.writeValueAsString(hit.path("_source")));
                    out.write('\n');
                }
                page = sut.es("POST", "/_search/scroll", "{\"scroll\":\"2m\",\"scroll_id\":\""
                        + page.path("_scroll_id").asText() + "\"}");
            }
            String scrollId = page.path("_scroll_id").asText(null);
            if (scrollId != null) {
                sut.es("DELETE", "/_search/scroll", "{\"scroll_id\":\"" + scrollId + "\"}");
            }
        }
        return file;
    }

    /** _bulk of a file, {@value #BULK_DOCS} docs per request, {@value #BULK_THREADS} requests in flight. */
    private static long bulk(BenchTarget sut, Path file, String index, Latencies timeline) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(BULK_THREADS, r -> {
            Thread thread = new Thread(r, "bench-bulk");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore inFlight = new Semaphore(BULK_THREADS * 2);
        List<Future<?>> futures = new ArrayList<>();
        AtomicLong docs = new AtomicLong();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder chunk = new StringBuilder();
            int inChunk = 0;
            String action;
            while ((action = in.readLine()) != null) {
                String source = in.readLine();
                chunk.append(action).append('\n').append(source).append('\n');
                if (++inChunk == BULK_DOCS) {
                    futures.add(submit(sut, executor, inFlight, index, chunk.toString(), inChunk, docs, timeline));
                    chunk.setLength(0);
                    inChunk = 0;
                }
            }
            if (inChunk > 0) {
                futures.add(submit(sut, executor, inFlight, index, chunk.toString(), inChunk, docs, timeline));
            }
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.MINUTES);
            }
        } finally {
            executor.shutdownNow();
        }
        return docs.get();
    }

    private static Future<?> submit(BenchTarget sut, ExecutorService executor, Semaphore inFlight, String index,
                                    String body, int count, AtomicLong docs, Latencies timeline) throws InterruptedException {
        inFlight.acquire();
        return executor.submit(() -> {
            try {
                JsonNode response = sut.es("POST", "/" + index + "/_bulk?filter_path=errors,items.*.error", body);
                if (response.path("errors").asBoolean()) {
                    throw new IllegalStateException("_bulk reported errors: "
                            + response.path("items").path(0).toString());
                }
                docs.addAndGet(count);
                timeline.countNow(count);
            } finally {
                inFlight.release();
            }
            return null;
        });
    }
}
