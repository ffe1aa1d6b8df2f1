package io.registry.bench;

import io.registry.bench.Figure.Better;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every figure the harness reports, in table order. A run always has all of them (some perhaps "n/a"). */
public final class Figures {

    public static final int HIGH_CONCURRENCY = 16;
    /** The publish concurrencies, each its own run (c=1 and c=16 are the headline; c=4 and c=64 make the curve). */
    public static final List<Integer> PUBLISH_CONCURRENCIES = List.of(1, 4, HIGH_CONCURRENCY, 64);

    /** The services whose memory is reported, in table order: id, label, whether it is a JVM with a heap. */
    public record Service(String id, String label, boolean jvm) {
    }

    public static final List<Service> SERVICES = List.of(
            new Service("backend", "backend JVM (both sides, its own process)", true),
            new Service("postgres", "PostgreSQL (postmaster + backends, PSS)", false),
            new Service("elasticsearch", "Elasticsearch (launcher + server JVM)", true),
            new Service("kafka", "Kafka broker JVM", true),
            new Service("s3", "S3 (s3proxy JVM)", true));

    private final Map<String, Figure> byId = new LinkedHashMap<>();

    public Figures() {
        String peer = "Verdaccio 6.8.0 npm-publish PUT";
        for (int c : PUBLISH_CONCURRENCIES) {
            String p = "publish.c" + c;
            add(new Figure(p + ".throughput", "1 Publish c=" + c + ": throughput (upload-url + PUT + confirm)",
                    "versions/s", Better.HIGHER, peer + " c=" + c));
            add(new Figure(p + ".p50", "1 Publish c=" + c + ": latency p50", "ms", Better.LOWER, peer + " c=" + c));
            add(new Figure(p + ".p99", "1 Publish c=" + c + ": latency p99", "ms", Better.LOWER, peer + " c=" + c));
        }
        for (String where : List.of("start", "middle", "end")) {
            for (String q : List.of("p50", "p99")) {
                add(new Figure("listing." + where + "." + q, "2 Listing a big package: page of 100 at the " + where + " " + q,
                        "ms", Better.LOWER, "raw ES query behind the page"));
            }
        }
        add(new Figure("listing.read_all", "2 Listing: read all versions (pages of 100), p50", "ms", Better.LOWER,
                "Verdaccio packument GET p50"));
        // every way of reading all versions shares the id prefix listing.read_all: all are compared to the packument
        add(new Figure("listing.read_all.export", "2 Listing: read all versions: export (NDJSON), p50", "ms",
                Better.LOWER, "Verdaccio packument GET p50"));
        add(new Figure("listing.read_all.export_gzip", "2 Listing: read all versions: export, gzip, p50", "ms",
                Better.LOWER, "Verdaccio packument GET p50"));
        add(new Figure("listing.read_all.export_304", "2 Listing: export revalidation (If-None-Match -> 304), p50",
                "ms", Better.LOWER, "Verdaccio packument GET p50"));
        add(new Figure("append.events_per_s", "3 Append limit c=" + HIGH_CONCURRENCY + ": events through the command side",
                "events/s", Better.HIGHER, "raw single-row INSERT, same row shape, c=" + HIGH_CONCURRENCY));
        add(new Figure("rebuild.events_per_s", "4 Rebuild: replay into a fresh read model", "events/s", Better.HIGHER,
                "raw _bulk of the same final docs (events-equivalent)"));
        add(new Figure("rebuild.seconds", "4 Rebuild: wall time", "s", Better.LOWER, "raw _bulk of the same final docs"));
        add(new Figure("lag.projection.p50", "5 Lag under publish c=" + HIGH_CONCURRENCY + ": read model p50", "ms",
                Better.LOWER, "raw ES index -> realtime GET"));
        add(new Figure("lag.projection.p99", "5 Lag under publish c=" + HIGH_CONCURRENCY + ": read model p99", "ms",
                Better.LOWER, "raw ES index -> realtime GET"));
        add(new Figure("lag.kafka.p50", "5 Lag under publish c=" + HIGH_CONCURRENCY + ": Kafka p50", "ms", Better.LOWER,
                "raw Kafka produce(acks=all) -> consume"));
        add(new Figure("lag.kafka.p99", "5 Lag under publish c=" + HIGH_CONCURRENCY + ": Kafka p99", "ms", Better.LOWER,
                "raw Kafka produce(acks=all) -> consume"));
        for (Service service : SERVICES) {
            add(new Figure("memory." + service.id() + ".rss", "6 Memory: " + service.label() + " peak RSS", "MiB",
                    Better.LOWER, "Verdaccio peak RSS"));
            if (service.jvm()) {
                add(new Figure("memory." + service.id() + ".heap", "6 Memory: " + service.label() + " peak heap used",
                        "MiB", Better.LOWER, "its max heap"));
            }
        }
        add(new Figure("memory.total.rss", "6 Memory: all services together, peak RSS", "MiB", Better.LOWER,
                "Verdaccio peak RSS"));
    }

    private void add(Figure figure) {
        byId.put(figure.id(), figure);
    }

    public Figure get(String id) {
        Figure figure = byId.get(id);
        if (figure == null) {
            throw new IllegalArgumentException("no figure " + id);
        }
        return figure;
    }

    public List<Figure> all() {
        return Collections.unmodifiableList(new ArrayList<>(byId.values()));
    }

    /** Every figure id, in table order. */
    public static List<String> ids() {
        return new Figures().all().stream().map(Figure::id).toList();
    }

    /** The figures whose id starts with {@code prefix}, in table order. */
    public List<Figure> startingWith(String prefix) {
        return byId.values().stream().filter(f -> f.id().startsWith(prefix)).toList();
    }

    /** Marks every figure whose id starts with {@code prefix} as unmeasured on our side, for {@code reason}. */
    public void oursUnavailable(String prefix, String reason) {
        byId.values().stream().filter(f -> f.id().startsWith(prefix)).forEach(f -> f.oursUnavailable(reason));
    }

    public void comparisonUnavailable(String prefix, String reason) {
        byId.values().stream().filter(f -> f.id().startsWith(prefix)).forEach(f -> f.comparisonUnavailable(reason));
    }
}
