package io.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Workload 2: a package with many versions (its events written into the event store with COPY, then projected by
 * the running backend's live projection), pages of 100 at the start, middle and end through the zone listing, the
 * raw Elasticsearch query behind each page, and reading every version: page by page and through the NDJSON export
 * (plain, gzip, and revalidated with If-None-Match). The steps are apart so that the page-latency curve can seed
 * packages of other sizes and time their pages the same way as the headline package.
 */
final class ListingWorkload {

    static final String ZONE = "bench-listing";

    /** A package seeded into the event store and projected by the live projection. */
    record Seeded(String entityId, int versions, long events, double seedSeconds, double catchUpSeconds,
                  Map<String, Object> catchUpEsStats) {
    }

    /** Pages of 100 at the start, middle and end (ours and the raw ES query behind each), by position. */
    record Pages(Map<String, Latencies> ours, Map<String, Latencies> raw, int pageCount) {
    }

    /** Reading every version: page by page, and through the export plain, gzip'd and revalidated (304). */
    record ReadAll(Latencies pages, Latencies export, Latencies exportGzip, Latencies revalidate, long exportBytes,
                   long exportGzipBytes) {
    }

    record Result(Seeded seeded, Pages pages, ReadAll readAll) {
    }

    private ListingWorkload() {
    }

    static Result run(BenchTarget sut, RegistryClient client, int versions, int repeats, int readAllRepeats,
                      Duration catchUpLimit, Consumer<String> say) throws Exception {
        Seeded seeded = seed(sut, versions, catchUpLimit, say);
        Pages pages = pages(sut, client, seeded, repeats);
        return new Result(seeded, pages, readAll(client, seeded, readAllRepeats));
    }

    /** Writes the package's events with COPY and waits until the live projection has applied them all. */
    static Seeded seed(BenchTarget sut, int versions, Duration catchUpLimit, Consumer<String> say) throws Exception {
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
        return new Seeded(entityId, versions, events, seedSeconds, catchUpSeconds, catchUpStats);
    }

    /** Pages of 100 at the start, middle and end, each followed by the raw ES query behind it; 5 warm-up rounds. */
    static Pages pages(BenchTarget sut, RegistryClient client, Seeded seeded, int repeats) throws Exception {
        String entityId = seeded.entityId();
        int versions = seeded.versions();
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
        pages.values().forEach(Latencies::stop);
        raw.values().forEach(Latencies::stop);
        return new Pages(pages, raw, pageCount);
    }

    /**
     * Every version, {@code repeats} times each way: page by page; the export plain (download + count the lines);
     * gzip'd (download + gunzip + count the lines); and revalidated with the ETag of the last export (a conditional
     * GET answered 304, no body). Each export is checked to hold exactly the package's versions. The exports get
     * one unrecorded round first (the route's first call is cold); the page-by-page read keeps its old shape, none.
     */
    static ReadAll readAll(RegistryClient client, Seeded seeded, int repeats) {
        String entityId = seeded.entityId();
        int versions = seeded.versions();
        Latencies byPages = new Latencies("read all versions (pages of 100)", 500);
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            String cursor = null;
            int count = 0;
            do {
                JsonNode page = client.page(ZONE, entityId, cursor);
                count += page.path("items").size();
                cursor = page.path("pagination").path("after_cursor").asText(null);
            } while (cursor != null && count < versions);
            byPages.record(System.nanoTime() - t0);
            if (count != versions) {
                throw new IllegalStateException("reading all versions gave " + count);
            }
        }
        byPages.stop();
        Latencies plain = new Latencies("export (NDJSON)", 500);
        Latencies gzip = new Latencies("export, gzip (+ gunzip)", 500);
        Latencies revalidate = new Latencies("export revalidation (304)", 500);
        long plainBytes = 0;
        long gzipBytes = 0;
        for (int r = -1; r < repeats; r++) {
            long t0 = System.nanoTime();
            Http.Response response = client.export(ZONE, entityId, false, null);
            long lines = lines(response.body());
            long plainNanos = System.nanoTime() - t0;
            expect(entityId, "export", response, 200, null, lines, versions);
            plainBytes = response.body().length;
            String etag = response.header("ETag");

            t0 = System.nanoTime();
            response = client.export(ZONE, entityId, true, null);
            lines = lines(gunzip(response));
            long gzipNanos = System.nanoTime() - t0;
            expect(entityId, "gzip export", response, 200, "gzip", lines, versions);
            gzipBytes = response.body().length;

            t0 = System.nanoTime();
            response = client.export(ZONE, entityId, false, etag);
            long revalidateNanos = System.nanoTime() - t0;
            expect(entityId, "conditional export", response, 304, null, 0, 0);
            if (r >= 0) {
                plain.record(plainNanos);
                gzip.record(gzipNanos);
                revalidate.record(revalidateNanos);
            }
        }
        plain.stop();
        gzip.stop();
        revalidate.stop();
        return new ReadAll(byPages, plain, gzip, revalidate, plainBytes, gzipBytes);
    }

    private static void expect(String entityId, String what, Http.Response response, int status, String encoding,
                               long lines, int versions) {
        if (response.status() != status || (encoding != null && !encoding.equals(response.header("Content-Encoding")))
                || lines != versions) {
            throw new IllegalStateException(String.format("the %s of %s answered %d (Content-Encoding %s) with %d"
                            + " lines; expected %d%s with %d", what, entityId, response.status(),
                    response.header("Content-Encoding"), lines, status, encoding == null ? "" : " " + encoding, versions));
        }
    }

    /** NDJSON lines: newline-terminated, a last line without one counts too. */
    private static long lines(byte[] body) {
        long lines = 0;
        for (byte b : body) {
            if (b == '\n') {
                lines++;
            }
        }
        return body.length > 0 && body[body.length - 1] != '\n' ? lines + 1 : lines;
    }

    private static byte[] gunzip(Http.Response response) {
        if (!"gzip".equals(response.header("Content-Encoding"))) {
            return response.body();
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("gunzip of the export", e);
        }
    }

    /** The query ReadModelStore.versionPage sends for a page: size limit+1, newest first, older than a version. */
    static String rawQuery(String entityId, Integer olderThan) {
        String range = olderThan == null ? "" : ",{\"range\":{\"version\":{\"lt\":" + olderThan + "}}}";
        return "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"entity_id\":{\"value\":\"" + entityId + "\"}}}" + range
                + "]}},\"sort\":[{\"version\":{\"order\":\"desc\"}}],\"size\":101,\"track_total_hits\":false}";
    }
}
