package io.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workload 2: a package with many versions (its events written into the event store with COPY, then projected by
 * the running backend's live projection), pages of 100 at the start, middle and end through the zone listing, the
 * raw Elasticsearch query behind each page, and reading every version page by page.
 */
final class ListingWorkload {

    static final String ZONE = "bench-listing";

    record Result(String entityId, int versions, long events, double seedSeconds, double catchUpSeconds,
                  Map<String, Latencies> pages, Map<String, Latencies> raw, Latencies readAll, int pageCount,
                  Map<String, Object> catchUpEsStats) {
    }

    private ListingWorkload() {
    }

    static Result run(BenchTarget sut, RegistryClient client, int versions, int repeats, int readAllRepeats,
                      Duration catchUpLimit, java.util.function.Consumer<String> say) throws Exception {
        String entityId = "bench-listing-" + versions;
        Map<String, Long> esBefore = EsStats.snapshot(sut, "registry-versions,registry-entities");
        long seedBegin = System.nanoTime();
        long events;
        try (Connection connection = sut.jdbc()) {
            SyntheticEvents writer = new SyntheticEvents(connection, "domain_event_entry");
            writer.entity(entityId, ZONE, versions, false, Instant.parse("2024-01-01T00:00:00Z"));
            events = writer.commit();
        }
        double seedSeconds = (System.nanoTime() - seedBegin) / 1e9;
        say.accept(String.format("  seeded %,d events of %s in %.1f s; waiting for the live projection ...",
                events, entityId, seedSeconds));

        long catchUpBegin = System.nanoTime();
        long deadline = catchUpBegin + catchUpLimit.toNanos();
        while (true) {
            JsonNode doc = sut.es("POST", "/registry-entities/_mget?_source_includes=version_count,last_sequence",
                    "{\"ids\":[\"" + entityId + "\"]}").path("docs").path(0).path("_source");
            if (doc.path("last_sequence").asLong(-1) >= events - 1 && doc.path("version_count").asInt() == versions) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the live projection did not apply the " + events + " events of "
                        + entityId + " within " + catchUpLimit + " (at " + doc + ")");
            }
            Thread.sleep(50);
        }
        double catchUpSeconds = (System.nanoTime() - catchUpBegin) / 1e9;
        Map<String, Object> catchUpStats = EsStats.diff(esBefore,
                EsStats.snapshot(sut, "registry-versions,registry-entities"), events);
        sut.es("POST", "/registry-versions/_refresh", null);
        say.accept(String.format("  live projection applied them in %.1f s (%.0f events/s)", catchUpSeconds,
                events / catchUpSeconds));

        // one walk to learn the cursors and where each page starts
        List<String> cursors = new ArrayList<>();
        List<Integer> olderThan = new ArrayList<>();
        String after = null;
        Integer lastVersion = null;
        int seen = 0;
        do {
            cursors.add(after);
            olderThan.add(lastVersion);
            JsonNode page = client.page(ZONE, entityId, after);
            JsonNode items = page.path("items");
            seen += items.size();
            if (items.size() > 0) {
                lastVersion = items.get(items.size() - 1).path("version").asInt();
            }
            after = page.path("pagination").path("after_cursor").isNull() ? null
                    : page.path("pagination").path("after_cursor").asText(null);
        } while (after != null && cursors.size() < versions);
        if (seen != versions) {
            throw new IllegalStateException("the listing walk saw " + seen + " versions, not " + versions);
        }
        int pageCount = cursors.size();
        Map<String, Integer> where = new LinkedHashMap<>();
        where.put("start", 0);
        where.put("middle", pageCount / 2);
        where.put("end", pageCount - 1);

        Map<String, Latencies> pages = new LinkedHashMap<>();
        Map<String, Latencies> raw = new LinkedHashMap<>();
        where.keySet().forEach(k -> {
            pages.put(k, new Latencies("page at the " + k, 500));
            raw.put(k, new Latencies("raw ES query at the " + k, 500));
        });
        for (int round = -5; round < repeats; round++) {
            for (Map.Entry<String, Integer> w : where.entrySet()) {
                long t0 = System.nanoTime();
                client.page(ZONE, entityId, cursors.get(w.getValue()));
                long ours = System.nanoTime() - t0;
                t0 = System.nanoTime();
                sut.es("POST", "/registry-versions/_search", rawQuery(entityId, olderThan.get(w.getValue())));
                long direct = System.nanoTime() - t0;
                if (round >= 0) {
                    pages.get(w.getKey()).record(ours);
                    raw.get(w.getKey()).record(direct);
                }
            }
        }
        Latencies readAll = new Latencies("read all versions", 500);
        for (int r = 0; r < readAllRepeats; r++) {
            long t0 = System.nanoTime();
            String cursor = null;
            int count = 0;
            do {
                JsonNode page = client.page(ZONE, entityId, cursor);
                count += page.path("items").size();
                cursor = page.path("pagination").path("after_cursor").asText(null);
            } while (cursor != null && count < versions);
            readAll.record(System.nanoTime() - t0);
            if (count != versions) {
                throw new IllegalStateException("reading all versions gave " + count);
            }
        }
        pages.values().forEach(Latencies::stop);
        raw.values().forEach(Latencies::stop);
        readAll.stop();
        return new Result(entityId, versions, events, seedSeconds, catchUpSeconds, pages, raw, readAll, pageCount,
                catchUpStats);
    }

    /** The query ReadModelStore.versionPage sends for a page: size limit+1, newest first, older than a version. */
    static String rawQuery(String entityId, Integer olderThan) {
        String range = olderThan == null ? "" : ",{\"range\":{\"version\":{\"lt\":" + olderThan + "}}}";
        return "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"entity_id\":{\"value\":\"" + entityId + "\"}}}" + range
                + "]}},\"sort\":[{\"version\":{\"order\":\"desc\"}}],\"size\":101,\"track_total_hits\":false}";
    }
}
