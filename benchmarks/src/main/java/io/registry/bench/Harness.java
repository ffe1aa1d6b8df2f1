package io.registry.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs every workload in order and fills a {@link Report}. A workload that fails marks its figures "n/a (reason)"
 * and the run goes on; the peer being unavailable never fails the run.
 *
 * <p>Order: stack and backend start; the small rebuild of the rebuild curve (on a store holding only the publish
 * entities, so it replays what it says: the backend stops, its synthetic events are written, the tokens moved, a
 * backend starts for the rebuild and stops, and the backend the other workloads measure starts fresh); publish at
 * each of {@link Figures#PUBLISH_CONCURRENCIES} (with the lag watchers); raw lag baselines; append; listing (the
 * headline package, then the other sizes of the page curve); the Verdaccio peer (publish at the same concurrencies,
 * packument GET); the backend stops; the rebuild's synthetic events are written and the processors' tokens moved
 * past them; the backend starts again and its own rebuild is timed; the stack stops; the scaling curves are built.
 */
public final class Harness {

    private static final int C = Figures.HIGH_CONCURRENCY;

    private final BenchOptions o;
    private final Consumer<String> say;
    private final Report report = new Report();
    private final Figures f = report.figures();
    private final Map<String, Object> timings = new LinkedHashMap<>();
    private final long begin = System.nanoTime();

    private Harness(BenchOptions options, Consumer<String> say) {
        this.o = options;
        this.say = say;
    }

    public static Report run(BenchOptions options, Consumer<String> say) {
        return new Harness(options, say).run();
    }

    private Report run() {
        Map<String, Object> json = report.json();
        json.put("generated_at", Instant.now().toString());
        json.put("mode", o.mode);
        json.put("command", o.command);
        json.put("environment", environment());
        json.put("sizes", o.sizes());
        json.put("timings_s", timings);
        say.accept("Benchmark, mode " + o.mode + ": " + o.sizes());

        ResourceSampler sampler = new ResourceSampler(o.sampleMillis);
        Http http = new Http();
        CompletableFuture<Verdaccio> peerInstall = startPeerInstall(http);
        BenchTarget sut = null;
        ListingWorkload.Result listing = null;
        try {
            sampler.phase("stack start");
            long t = System.nanoTime();
            say.accept("Starting the service stack ...");
            sut = BenchTarget.start(o.workDir.resolve("stack"), o.mode.equals("full"), say);
            BenchTarget stack = sut;
            sut.servicePids().forEach((service, pid) -> sampler.add(serviceId(service), pid,
                    service.equals("elasticsearch") ? () -> esHeapUsed(stack) : null));
            lap("stack_start", t);
            sampler.phase("backend start");
            t = System.nanoTime();
            sut.startBackend(o.workDir.resolve("backend"), o.backendProperties);
            lap("backend_start", t);
            say.accept(String.format(Locale.ROOT, "Backend up on %s (stack %.1f s, backend %.1f s)", sut.baseUrl(),
                    sut.stackSeconds(), sut.backendSeconds()));
            RegistryClient client = new RegistryClient(http, sut.baseUrl());
            client.login();
            List<String> entities = new ArrayList<>();
            for (int i = 0; i < o.entities; i++) {
                String id = String.format("bench-pub-%03d", i);
                client.createEntity(id, "bench");
                entities.add(id);
            }

            // 4, the curve's small point: now, while the store holds nothing but the entities just created
            if (o.runs("rebuild") && o.rebuildSmallEvents > 0) {
                sampler.phase("rebuild small");
                t = System.nanoTime();
                smallRebuild(sut, http);
                lap("rebuild_small", t);
                sampler.phase("backend restart");
                sut.startBackend(o.workDir.resolve("backend"), o.backendProperties);
                client = new RegistryClient(http, sut.baseUrl());
                client.login();
            }
            sampler.add("backend", sut.backendPid(), null);

            // 1 + 5: publish, with the lag watchers
            byte[] tarball = PublishWorkload.smallTarball();
            VersionIds versionIds = new VersionIds();
            sampler.phase("publish warm-up");
            t = System.nanoTime();
            if (o.runs("publish")) {
                warmedUp = warmUp(sut, client, entities, tarball, versionIds);
            }
            lap("publish_warmup", t);
            if (!o.runs("publish")) {
                f.oursUnavailable("publish.", "skipped");
                f.oursUnavailable("lag.", "skipped");
            } else try {
                for (int c : Figures.PUBLISH_CONCURRENCIES) {
                    if (o.publishes(c) <= 0) {
                        f.oursUnavailable("publish.c" + c + ".", "skipped: --publish-c" + c + "=0");
                        continue;
                    }
                    sampler.phase("publish c=" + c);
                    published.put(c, publishOurs(sut, client, entities, c, o.publishes(c), tarball, versionIds));
                }
            } catch (Exception e) {
                fail("publish.", e);
                fail("lag.", e);
            }
            sampler.phase("lag baselines");
            if (o.runs("lag-baselines")) {
                lagBaselines(sut);
            } else {
                f.comparisonUnavailable("lag.", "skipped");
            }

            // 3: append
            sampler.phase("append");
            t = System.nanoTime();
            if (!o.runs("append")) {
                f.oursUnavailable("append.", "skipped");
            } else try {
                say.accept("Workload 3: append limit ...");
                append(sut, client);
            } catch (Exception e) {
                fail("append.", e);
            }
            lap("append", t);

            // 2: listing
            sampler.phase("listing");
            t = System.nanoTime();
            if (!o.runs("listing")) {
                f.oursUnavailable("listing.", "skipped");
            } else try {
                say.accept("Workload 2: listing a package with " + o.listingVersions + " versions ...");
                listing = listing(sut, client);
            } catch (Exception e) {
                fail("listing.", e);
            }
            lap("listing", t);
            sampler.phase("listing sizes");
            t = System.nanoTime();
            if (o.runs("listing")) {
                listingSizes(sut, client, listing);
            }
            lap("listing_sizes", t);

            // the peer
            sampler.phase("peer");
            t = System.nanoTime();
            peer(peerInstall, sampler, listing);
            lap("peer", t);

            sampler.phase("backend stop");
            sampler.freeze("backend");
            sut.stopBackend();

            // 4: rebuild
            sampler.phase("rebuild");
            t = System.nanoTime();
            if (!o.runs("rebuild")) {
                f.oursUnavailable("rebuild.", "skipped");
            } else try {
                say.accept("Workload 4: rebuild from " + String.format("%,d", o.rebuildEvents) + " synthetic events ...");
                rebuild(sut, http);
            } catch (Exception e) {
                fail("rebuild.", e);
                rebuildProblems.put(o.rebuildEvents, reason(e));
            }
            lap("rebuild", t);
            sampler.phase("end");
        } catch (Exception e) {
            say.accept("The run stopped early: " + e);
            report.note("The run stopped early: " + e);
            fail("", e);
        } finally {
            if (!peerInstall.isDone()) {
                peerInstall.cancel(true);
            }
            peerInstall.thenAccept(Verdaccio::close);
            if (sut != null) {
                try {
                    sut.close();
                } catch (RuntimeException e) {
                    say.accept("stopping the stack: " + e);
                }
            }
            sampler.close();
        }
        memory(sampler);
        charts(sampler);
        curves();
        report.json().put("resources", sampler.toJson());
        timings.put("total", round((System.nanoTime() - begin) / 1e9));
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) report.json().get("environment");
        env.put("loadavg_end", loadAverage());
        notes();
        return report;
    }

    /**
     * Publishes at c=4 in rounds of 500 (at least {@code --warmup}, at most {@code --warmup-max}) until the rate levels
     * off: the last three rounds within 5% of each other. A long-running registry is measured, not one whose JVMs are
     * still compiling their hot paths on the same 2 cores (with 1,000 publishes, the backend's C2 compiler was busy
     * through the whole c=1 run). Each round's JIT compile time (all our JVMs together) goes into the report. Answers
     * how many were published.
     */
    private int warmUp(BenchTarget sut, RegistryClient client, List<String> entities, byte[] tarball,
                       VersionIds versionIds) {
        int done = 0;
        List<Map<String, Object>> rounds = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        while (done < o.warmupMax) {
            int round = Math.min(Math.max(1, Math.min(500, o.warmup)), o.warmupMax - done);
            double compiledBefore = compileSeconds(sut);
            long start = System.nanoTime();
            PublishWorkload.ours(client, entities, 4, round, tarball, versionIds, null, null, Duration.ofMinutes(5));
            double wall = (System.nanoTime() - start) / 1e9;
            double compiled = compileSeconds(sut) - compiledBefore;
            done += round;
            rates.add(round / wall);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("publishes", done);
            r.put("per_second", round(round / wall));
            r.put("jit_compile_thread_s", round(compiled));
            rounds.add(r);
            say.accept(String.format(Locale.ROOT, "  warm-up: %,d published; last round %.0f/s, JIT compiler threads"
                    + " busy %.1f s", done, round / wall, compiled));
            if (done >= o.warmup && levelledOff(rates)) {
                break;
            }
        }
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("publishes", done);
        w.put("rounds", rounds);
        w.put("rule", "rounds of up to 500 at c=4, at least " + o.warmup + " and at most " + o.warmupMax
                + ", until the last three rounds' rates are within 5% of each other");
        report.workloads().put("publish_warmup", w);
        return done;
    }

    private static boolean levelledOff(List<Double> rates) {
        if (rates.size() < 3) {
            return false;
        }
        List<Double> last = rates.subList(rates.size() - 3, rates.size());
        double max = last.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = last.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        return max <= 1.05 * min;
    }

    /** JIT compile seconds of the backend's and the services' JVMs together (perf data; those without are left out). */
    private static double compileSeconds(BenchTarget sut) {
        double total = 0;
        List<Long> pids = new ArrayList<>();
        pids.add(sut.backendPid());
        sut.servicePids().values().forEach(pids::addAll);
        for (long pid : pids) {
            double seconds = HsPerfData.compileSeconds(pid);
            if (seconds > 0) {
                total += seconds;
            }
        }
        return total;
    }

    private PublishWorkload.Result publishOurs(BenchTarget sut, RegistryClient client, List<String> entities,
                                               int concurrency, int total, byte[] tarball, VersionIds versionIds) {
        say.accept(String.format("Workload 1: publish %,d versions over %d entities at c=%d ...", total,
                entities.size(), concurrency));
        long t = System.nanoTime();
        Map<String, Long> esBefore = EsStats.snapshot(sut, "registry-versions,registry-entities");
        // The lag is measured at c=C only, where its targets are: watching it polls Elasticsearch every 10 ms and
        // consumes the topic, CPU taken from the same 2 cores the publishes (ours only, never Verdaccio's) run on.
        boolean watched = concurrency == C;
        LagWatchers.Projection projection = watched ? new LagWatchers.Projection(sut) : null;
        LagWatchers.Kafka kafka = null;
        String kafkaProblem = watched ? null : "not watched at c=" + concurrency;
        if (watched) {
            try {
                kafka = new LagWatchers.Kafka(sut.endpoints().kafkaBootstrapServers(), BenchTarget.TOPIC, Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                kafkaProblem = e.getMessage();
            }
        }
        PublishWorkload.Result result;
        long projectionMissing = -1;
        long kafkaMissing = -1;
        try {
            result = PublishWorkload.ours(client, entities, concurrency, total, tarball, versionIds, projection, kafka,
                    Duration.ofMinutes(10));
            if (projection != null) {
                projectionMissing = projection.drain(Duration.ofSeconds(120));
            }
            if (kafka != null) {
                kafkaMissing = kafka.drain(Duration.ofSeconds(180));
            }
        } finally {
            if (projection != null) {
                projection.close();
            }
            if (kafka != null) {
                kafka.close();
            }
        }
        lap("publish_c" + concurrency, t);
        String p = "publish.c" + concurrency;
        Workers.Outcome outcome = result.outcome();
        f.get(p + ".throughput").ours(outcome.completed() / result.total().elapsedSeconds());
        f.get(p + ".p50").ours(result.total().percentileMillis(50));
        f.get(p + ".p99").ours(result.total().percentileMillis(99));
        String steps = String.format(Locale.ROOT, "N=%d over M=%d; p50 steps: upload-url %.1f ms, PUT %.1f ms, confirm %.1f ms;"
                        + " p99 steps: %.1f / %.1f / %.1f ms%s", total, entities.size(),
                result.uploadUrl().percentileMillis(50), result.put().percentileMillis(50), result.confirm().percentileMillis(50),
                result.uploadUrl().percentileMillis(99), result.put().percentileMillis(99), result.confirm().percentileMillis(99),
                outcome.failed() > 0 ? "; " + outcome.errorNote() : "");
        f.get(p + ".throughput").detail(steps);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("concurrency", concurrency);
        w.put("versions", total);
        w.put("entities", entities.size());
        w.put("completed", outcome.completed());
        w.put("failed", outcome.failed());
        w.put("first_error", outcome.firstError());
        w.put("load_generator_cpu_s", round(outcome.generatorCpuSeconds()));
        w.put("publish", result.total().summary());
        w.put("step_upload_url", result.uploadUrl().summary());
        w.put("step_put", result.put().summary());
        w.put("step_confirm", result.confirm().summary());
        if (projection != null) {
            w.put("read_model_lag", projection.lag.summary());
            w.put("read_model_lag_missing", projectionMissing);
            w.put("read_model_watch_error", projection.error());
        } else {
            w.put("read_model_lag", "not watched at c=" + concurrency);
        }
        if (kafka != null) {
            w.put("kafka_lag", kafka.lag.summary());
            w.put("kafka_lag_missing", kafkaMissing);
            w.put("kafka_event_time_to_record_create_time", kafka.eventToRecord.summary());
            w.put("kafka_event_time_to_consumed", kafka.eventToConsumer.summary());
            w.put("kafka_records_before_confirm_answer", kafka.beforeAck.get());
            w.put("kafka_watch_error", kafka.error());
        } else {
            w.put("kafka_lag", "n/a (" + kafkaProblem + ")");
        }
        report.workloads().put("publish_c" + concurrency, w);
        say.accept(String.format(Locale.ROOT, "  %,d published in %.1f s: %.1f versions/s, p50 %.1f ms, p99 %.1f ms%s",
                outcome.completed(), result.total().elapsedSeconds(), outcome.completed() / result.total().elapsedSeconds(),
                result.total().percentileMillis(50), result.total().percentileMillis(99),
                projection == null ? "" : String.format(Locale.ROOT,
                        "; read-model lag p50 %.0f ms p99 %.0f ms; Kafka lag p50 %.0f ms p99 %.0f ms",
                        projection.lag.percentileMillis(50), projection.lag.percentileMillis(99),
                        kafka == null ? Double.NaN : kafka.lag.percentileMillis(50),
                        kafka == null ? Double.NaN : kafka.lag.percentileMillis(99))));
        if (watched) {
            f.get("lag.projection.p50").ours(projection.lag.percentileMillis(50));
            f.get("lag.projection.p99").ours(projection.lag.percentileMillis(99));
            f.get("lag.projection.p50").detail(String.format(Locale.ROOT,
                    "from the confirm's answer until _mget of the entity doc shows its sequence (polled every 10 ms); %d never seen",
                    projectionMissing));
            if (kafka != null) {
                f.get("lag.kafka.p50").ours(kafka.lag.percentileMillis(50));
                f.get("lag.kafka.p99").ours(kafka.lag.percentileMillis(99));
                f.get("lag.kafka.p50").detail(String.format(Locale.ROOT,
                        "from the confirm's answer until a consumer of %s receives that event; event time -> record"
                                + " CreateTime p50 %.0f / p99 %.0f ms; %d never seen",
                        BenchTarget.TOPIC, kafka.eventToRecord.percentileMillis(50),
                        kafka.eventToRecord.percentileMillis(99), kafkaMissing));
            } else {
                f.oursUnavailable("lag.kafka", "consumer: " + kafkaProblem);
            }
            report.latencyChart("Lag under publish c=" + C + " (from the confirm's answer)", projection.lag, kafka == null ? null : kafka.lag);
            Map<String, List<double[]>> overTime = new LinkedHashMap<>();
            overTime.put(projection.series.name(), projection.series.points());
            if (kafka != null) {
                overTime.put(kafka.series.name(), kafka.series.points());
            }
            report.seriesChart("Lag under publish c=" + C + " over the run (a rising line: the consumer is slower than the writes)",
                    "seconds since the first confirm", "lag (ms)", overTime);
            w.put("es_stats_live_indices", EsStats.diff(esBefore, EsStats.snapshot(sut, "registry-versions,registry-entities"),
                    outcome.completed() * 3L));
        }
        return result;
    }

    private void lagBaselines(BenchTarget sut) {
        long t = System.nanoTime();
        Map<String, Object> w = new LinkedHashMap<>();
        try {
            Latencies es = RawBaselines.elasticsearchWriteToVisible(sut, o.lagBaseline);
            f.get("lag.projection.p50").comparison(es.percentileMillis(50));
            f.get("lag.projection.p99").comparison(es.percentileMillis(99));
            w.put("raw_es_index_then_get", es.summary());
            lagCharts.add(es);
        } catch (Exception e) {
            f.comparisonUnavailable("lag.projection", "raw ES: " + e.getMessage());
        }
        try {
            Latencies kafka = RawBaselines.kafkaProduceToConsume(sut, o.lagBaseline, 600);
            f.get("lag.kafka.p50").comparison(kafka.percentileMillis(50));
            f.get("lag.kafka.p99").comparison(kafka.percentileMillis(99));
            w.put("raw_kafka_produce_to_consume", kafka.summary());
            lagCharts.add(kafka);
        } catch (Exception e) {
            f.comparisonUnavailable("lag.kafka", "raw Kafka: " + e.getMessage());
        }
        report.workloads().put("lag_baselines", w);
        lap("lag_baselines", t);
    }

    private final List<Latencies> lagCharts = new ArrayList<>();
    // the runs behind the scaling curves, by their size of work (concurrency, versions, synthetic events); a size
    // that could not be measured has its reason in the matching problems map instead
    private final Map<Integer, PublishWorkload.Result> published = new java.util.TreeMap<>();
    /** Publishes of our warm-up; Verdaccio gets as many. */
    private int warmedUp;
    private final Map<Integer, PublishWorkload.Result> peerPublished = new java.util.TreeMap<>();
    private final Map<Integer, ListingWorkload.Pages> listingPages = new java.util.TreeMap<>();
    private final Map<Integer, String> listingProblems = new java.util.TreeMap<>();
    private final Map<Long, RebuildWorkload.Result> rebuildPoints = new java.util.TreeMap<>();
    private final Map<Long, String> rebuildProblems = new java.util.TreeMap<>();

    private void append(BenchTarget sut, RegistryClient client) throws Exception {
        AppendWorkload.Result r = AppendWorkload.run(sut, client, C, o.appendCommands, o.entities, say);
        double ours = r.commands().completed() / r.commandLatency().elapsedSeconds();
        double raw = r.inserts().completed() / r.insertLatency().elapsedSeconds();
        f.get("append.events_per_s").ours(ours).comparison(raw).detail(String.format(Locale.ROOT,
                "%,d ShareEntity commands over HTTP (1 event each) on %d entities, p50 %.1f ms p99 %.1f ms%s;"
                        + " raw: the same %,d rows, single-row autocommit INSERT, p50 %.2f ms p99 %.2f ms;"
                        + " raw JDBC batches of 100: %.0f rows/s",
                r.commands().completed(), o.entities, r.commandLatency().percentileMillis(50),
                r.commandLatency().percentileMillis(99),
                r.commands().failed() > 0 ? "; " + r.commands().errorNote() : "", r.rowsCopied(),
                r.insertLatency().percentileMillis(50), r.insertLatency().percentileMillis(99),
                r.rowsCopied() / r.batched().seconds()));
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("command_side_events_per_s", round(ours));
        w.put("command_latency", r.commandLatency().summary());
        w.put("command_failed", r.commands().failed());
        w.put("command_first_error", r.commands().firstError());
        w.put("raw_insert_rows_per_s", round(raw));
        w.put("raw_insert_latency", r.insertLatency().summary());
        w.put("raw_batched_rows_per_s", round(r.rowsCopied() / r.batched().seconds()));
        w.put("rows", r.rowsCopied());
        report.workloads().put("append", w);
        report.throughputChart("Append c=" + C + ": events per second over time", "events/s", r.commandLatency(), r.insertLatency());
        report.latencyChart("Append c=" + C + ": latency per event", r.commandLatency(), r.insertLatency());
        say.accept(String.format(Locale.ROOT, "  %.0f events/s through the command side vs %.0f raw INSERTs/s", ours, raw));
    }

    private ListingWorkload.Result listing(BenchTarget sut, RegistryClient client) throws Exception {
        ListingWorkload.Result r = ListingWorkload.run(sut, client, o.listingVersions, o.listingRepeats,
                o.readAllRepeats, Duration.ofMinutes(15), say);
        ListingWorkload.Seeded seeded = r.seeded();
        ListingWorkload.Pages pages = r.pages();
        ListingWorkload.ReadAll readAll = r.readAll();
        Map<String, Object> w = seededJson(seeded, pages);
        for (String where : pages.ours().keySet()) {
            Latencies ours = pages.ours().get(where);
            Latencies raw = pages.raw().get(where);
            f.get("listing." + where + ".p50").ours(ours.percentileMillis(50)).comparison(raw.percentileMillis(50));
            f.get("listing." + where + ".p99").ours(ours.percentileMillis(99)).comparison(raw.percentileMillis(99));
        }
        f.get("listing.read_all").ours(readAll.pages().percentileMillis(50)).detail(String.format(Locale.ROOT,
                "%d pages of 100; the package's %,d events were written into the event store with COPY and projected"
                        + " by the live projection in %.1f s (%.0f events/s)",
                pages.pageCount(), seeded.events(), seeded.catchUpSeconds(), seeded.events() / seeded.catchUpSeconds()));
        f.get("listing.read_all.export").ours(readAll.export().percentileMillis(50)).detail(String.format(Locale.ROOT,
                "GET /zones/{zone}/packages/{id}/versions/export: download + count the NDJSON lines (checked: %,d);"
                        + " %,d bytes; %d samples after one unrecorded call, which read the versions from Elasticsearch"
                        + " in %.0f ms; the package unchanged, the samples are served from the backend's memory of recent"
                        + " exports (by package and sequence)", seeded.versions(), readAll.exportBytes(),
                readAll.export().count(), readAll.firstExportMillis()));
        f.get("listing.read_all.export_gzip").ours(readAll.exportGzip().percentileMillis(50)).detail(String.format(
                Locale.ROOT, "the same with Accept-Encoding: gzip: download + gunzip + count the lines; %,d bytes on"
                        + " the wire (%.1fx smaller)", readAll.exportGzipBytes(),
                readAll.exportBytes() / (double) Math.max(1, readAll.exportGzipBytes())));
        f.get("listing.read_all.export_304").ours(readAll.revalidate().percentileMillis(50)).detail(
                "a conditional GET: If-None-Match with the ETag of the last export, answered 304 with no body (a client"
                        + " that has the current export); compared to Verdaccio's unconditional packument GET");
        f.get("listing.start.p50").detail("GET /zones/{zone}/packages/{id}/versions?limit=100&after=<cursor>, c=1, "
                + o.listingRepeats + " samples per position; raw = the same bool/range/sort query on registry-versions");
        w.put("read_all", readAll.pages().summary());
        w.put("export", readAll.export().summary());
        w.put("export_bytes", readAll.exportBytes());
        w.put("export_gzip", readAll.exportGzip().summary());
        w.put("export_gzip_bytes", readAll.exportGzipBytes());
        w.put("export_revalidate_304", readAll.revalidate().summary());
        report.workloads().put("listing", w);
        List<Latencies> series = new ArrayList<>(pages.ours().values());
        series.addAll(pages.raw().values());
        report.latencyChart("Listing: page of 100 (ours vs the raw ES query)", series.toArray(Latencies[]::new));
        say.accept(String.format(Locale.ROOT, "  page p50 start %.1f / middle %.1f / end %.1f ms; read all %.0f ms;"
                        + " export %.0f ms, gzip %.0f ms, 304 %.1f ms",
                pages.ours().get("start").percentileMillis(50), pages.ours().get("middle").percentileMillis(50),
                pages.ours().get("end").percentileMillis(50), readAll.pages().percentileMillis(50),
                readAll.export().percentileMillis(50), readAll.exportGzip().percentileMillis(50),
                readAll.revalidate().percentileMillis(50)));
        return r;
    }

    /** What the JSON keeps of a seeded package and its pages (the headline package and each size of the curve). */
    private static Map<String, Object> seededJson(ListingWorkload.Seeded seeded, ListingWorkload.Pages pages) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("entity", seeded.entityId());
        w.put("versions", seeded.versions());
        w.put("events_seeded_with_copy", seeded.events());
        w.put("seed_s", round(seeded.seedSeconds()));
        w.put("live_projection_catch_up_s", round(seeded.catchUpSeconds()));
        w.put("live_projection_events_per_s", round(seeded.events() / seeded.catchUpSeconds()));
        w.put("pages", pages.pageCount());
        w.put("es_stats_live_projection_catch_up", seeded.catchUpEsStats());
        for (String where : pages.ours().keySet()) {
            w.put("page_" + where, pages.ours().get(where).summary());
            w.put("raw_es_" + where, pages.raw().get(where).summary());
        }
        return w;
    }

    /**
     * The page curve: pages of 100 at the start, middle and end of packages of each of {@code --listing-sizes},
     * seeded and timed as the headline package is; the size equal to the headline's reuses its pages.
     */
    private void listingSizes(BenchTarget sut, RegistryClient client, ListingWorkload.Result headline) {
        Map<String, Object> w = new LinkedHashMap<>();
        for (int size : new java.util.TreeSet<>(o.listingSizes)) {
            if (size == o.listingVersions) {
                if (headline != null) {
                    listingPages.put(size, headline.pages());
                } else {
                    listingProblems.put(size, "the headline listing failed");
                }
                continue;
            }
            try {
                say.accept("Listing curve: a package with " + size + " versions ...");
                ListingWorkload.Seeded seeded = ListingWorkload.seed(sut, size, Duration.ofMinutes(15), say);
                ListingWorkload.Pages pages = ListingWorkload.pages(sut, client, seeded, o.listingRepeats);
                listingPages.put(size, pages);
                w.put("versions_" + size, seededJson(seeded, pages));
                say.accept(String.format(Locale.ROOT, "  page p50 start %.1f / middle %.1f / end %.1f ms",
                        pages.ours().get("start").percentileMillis(50), pages.ours().get("middle").percentileMillis(50),
                        pages.ours().get("end").percentileMillis(50)));
            } catch (Exception e) {
                say.accept("  FAILED listing curve at " + size + " versions: " + e);
                listingProblems.put(size, reason(e));
            }
        }
        report.workloads().put("listing_sizes", w);
    }

    private CompletableFuture<Verdaccio> startPeerInstall(Http http) {
        if (!o.runs("peer")) {
            return CompletableFuture.failedFuture(new IllegalStateException("skipped"));
        }
        if (o.peer == BenchOptions.Peer.OFF) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "skipped in " + o.mode + " mode: installing Verdaccio with npm takes ~20 s; --peer=on includes it"));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Verdaccio.install(o.workDir.getParent().resolve("verdaccio"), http, Duration.ofMinutes(5));
            } catch (Exception e) {
                throw new IllegalStateException("Verdaccio install failed: " + e.getMessage(), e);
            }
        });
    }

    private void peer(CompletableFuture<Verdaccio> install, ResourceSampler sampler, ListingWorkload.Result listing) {
        Verdaccio verdaccio;
        try {
            verdaccio = install.get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            peerUnavailable(cause.getMessage());
            return;
        }
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("peer", Verdaccio.describe());
        report.workloads().put("peer", w);
        try {
            say.accept("Peer: Verdaccio " + Verdaccio.VERSION + " ...");
            String big = "bench-listing-" + o.listingVersions;
            verdaccio.reset();
            verdaccio.seed(big, o.listingVersions);
            verdaccio.start(Duration.ofSeconds(60));
            sampler.add("verdaccio", verdaccio.pid(), null);
            List<String> packages = new ArrayList<>();
            for (int i = 0; i < o.entities; i++) {
                packages.add(String.format("bench-pkg-%03d", i));
            }
            byte[] tarball = PublishWorkload.smallTarball();
            PublishWorkload.peer("Verdaccio warm-up", packages, 4, warmedUp, (name, index) ->
                    verdaccio.publish(name, "0.0." + index, tarball), Duration.ofMinutes(5));
            for (int c : Figures.PUBLISH_CONCURRENCIES) {
                String p = "publish.c" + c;
                if (o.publishes(c) <= 0) {
                    f.comparisonUnavailable(p + ".", "skipped: --publish-c" + c + "=0");
                    continue;
                }
                // each run its own major version (c.0.i), so no run publishes a version another one did
                String major = c + ".0.";
                PublishWorkload.Result r = PublishWorkload.peer("Verdaccio", packages, c, o.publishes(c),
                        (name, index) -> verdaccio.publish(name, major + index, tarball), Duration.ofMinutes(10));
                peerPublished.put(c, r);
                Workers.Outcome outcome = r.outcome();
                if (outcome.completed() == 0) {
                    f.comparisonUnavailable(p + ".", "Verdaccio: " + outcome.errorNote());
                    continue;
                }
                f.get(p + ".throughput").comparison(outcome.completed() / r.total().elapsedSeconds());
                f.get(p + ".p50").comparison(r.total().percentileMillis(50));
                f.get(p + ".p99").comparison(r.total().percentileMillis(99));
                if (outcome.failed() > 0) {
                    f.get(p + ".p50").detail("Verdaccio: " + outcome.errorNote());
                }
                w.put("publish_c" + c, r.total().summary());
                w.put("publish_c" + c + "_failed", outcome.failed());
                say.accept(String.format(Locale.ROOT, "  Verdaccio publish c=%d: %.1f/s p50 %.1f ms", c,
                        outcome.completed() / r.total().elapsedSeconds(), r.total().percentileMillis(50)));
            }
            report.latencyChart("Publish latency (one version: ours = upload-url + PUT + confirm; Verdaccio = npm publish PUT)",
                    total(published.get(1)), total(published.get(C)), total(peerPublished.get(1)), total(peerPublished.get(C)));
            report.throughputChart("Publish c=" + C + ": versions per second over time", "versions/s",
                    total(published.get(C)), total(peerPublished.get(C)));

            Latencies packument = new Latencies("Verdaccio packument GET (" + o.listingVersions + " versions)", 500).start();
            int size = 0;
            for (int i = -2; i < o.packumentRepeats; i++) {
                long t0 = System.nanoTime();
                size = verdaccio.packument(big);
                if (i >= 0) {
                    packument.record(System.nanoTime() - t0);
                }
            }
            packument.stop();
            // every way of reading all versions is compared to the one GET that gives a Verdaccio client all of them
            f.startingWith("listing.read_all").forEach(figure -> figure.comparison(packument.percentileMillis(50)));
            w.put("packument_get", packument.summary());
            w.put("packument_bytes", size);
            w.put("packument_seeded_into_storage", true);
            if (listing != null) {
                ListingWorkload.ReadAll readAll = listing.readAll();
                report.latencyChart("Reading all " + o.listingVersions + " versions: ours (page by page, export plain,"
                        + " gzip) vs Verdaccio's packument", readAll.pages(), readAll.export(), readAll.exportGzip(), packument);
            }
            say.accept(String.format(Locale.ROOT, "  Verdaccio packument GET p50 %.0f ms (%,d bytes)",
                    packument.percentileMillis(50), size));
        } catch (Exception e) {
            peerUnavailable("Verdaccio run failed: " + e.getMessage());
        } finally {
            sampler.freeze("verdaccio");
            verdaccio.close();
        }
    }

    private static Latencies total(PublishWorkload.Result result) {
        return result == null ? null : result.total();
    }

    private void peerUnavailable(String reason) {
        say.accept("Peer unavailable: " + reason);
        f.comparisonUnavailable("publish.", reason);
        f.comparisonUnavailable("listing.read_all", reason);
        f.comparisonUnavailable("memory.", "no Verdaccio run: " + reason);
        report.workloads().put("peer", "n/a (" + reason + ")");
    }

    /**
     * One rebuild: the synthetic events written with COPY (the backend must be stopped), the processors' tokens moved
     * past them, a backend started for the rebuild, timed against the raw {@code _bulk}, and stopped again. The
     * entities are named {@code bench-<name>-NNNNN}, the backend's folder {@code backend-<name>}.
     */
    private RebuildWorkload.Result rebuildPoint(BenchTarget sut, Http http, long events, String name)
            throws Exception {
        double[] generated = RebuildWorkload.generate(sut, events, "bench-" + name, say);
        int tokens = RebuildWorkload.moveTokensToHead(sut);
        say.accept("  moved " + tokens + " processor tokens past the synthetic events; restarting the backend ...");
        sut.startBackend(o.workDir.resolve("backend-" + name), o.backendProperties);
        RebuildWorkload.Result r;
        try {
            RegistryClient client = new RegistryClient(http, sut.baseUrl());
            r = RebuildWorkload.runProductRebuild(sut, client, generated, o.workDir, Duration.ofMinutes(45), say);
        } finally {
            sut.stopBackend();
        }
        rebuildPoints.put(events, r);
        return r;
    }

    /**
     * The rebuild curve's small point, before any other workload: the store then holds only the publish entities'
     * creation, so this rebuild replays its synthetic events and next to nothing else (later, the other workloads'
     * events would be most of a small rebuild). The processors must have stored a token first (they store none
     * while the store is empty); moving them is what keeps the live projection and the Kafka forwarder out of it.
     */
    private void smallRebuild(BenchTarget sut, Http http) {
        try {
            say.accept(String.format("Workload 4, small point: rebuild from %,d synthetic events ...", o.rebuildSmallEvents));
            RebuildWorkload.awaitTokens(sut, Duration.ofSeconds(60));
            sut.stopBackend();
            RebuildWorkload.Result r = rebuildPoint(sut, http, o.rebuildSmallEvents, "rebuild-small");
            report.workloads().put("rebuild_small", rebuildJson(r));
        } catch (Exception e) {
            say.accept("  FAILED the small rebuild: " + e);
            rebuildProblems.put(o.rebuildSmallEvents, reason(e));
            sut.stopBackend();
        }
    }

    private void rebuild(BenchTarget sut, Http http) throws Exception {
        RebuildWorkload.Result r = rebuildPoint(sut, http, o.rebuildEvents, "rebuild");
        f.get("rebuild.events_per_s").ours(r.replayedEvents() / r.replaySeconds())
                .comparison(r.replayedEvents() / r.bulkSeconds())
                .detail(String.format(Locale.ROOT, "the backend's own rebuild (POST /admin/read-models/rebuild:"
                                + " ReadModelRebuild streams the store through ReadModelProjection batches into new indices,"
                                + " then swaps the aliases), started_at..finished_at; %,d events (%,d of them synthetic: %d"
                                + " entities x %d events, written into domain_event_entry with JDBC COPY, not through HTTP,"
                                + " the processors' tokens moved past them) -> %,d version + %,d entity docs;"
                                + " raw: _bulk of those %,d docs, %d per request, 2 in flight",
                        r.replayedEvents(), r.syntheticEvents(), r.syntheticEntities(), RebuildWorkload.EVENTS_PER_ENTITY,
                        r.versionDocs(), r.entityDocs(), r.bulkDocs(), 5000));
        f.get("rebuild.seconds").ours(r.replaySeconds()).comparison(r.bulkSeconds());
        report.workloads().put("rebuild", rebuildJson(r));
        report.throughputChart("Rebuild: events/s of the product rebuild (polled each second) and _bulk docs/s", "per second",
                r.replayTimeline(), r.bulkTimeline());
    }

    private static Map<String, Object> rebuildJson(RebuildWorkload.Result r) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("synthetic_events", r.syntheticEvents());
        w.put("synthetic_entities", r.syntheticEntities());
        w.put("generate_with_copy_s", round(r.generateSeconds()));
        w.put("replayed_events", r.replayedEvents());
        w.put("replay_s", round(r.replaySeconds()));
        w.put("replay_events_per_s", round(r.replayedEvents() / r.replaySeconds()));
        w.put("version_docs", r.versionDocs());
        w.put("entity_docs", r.entityDocs());
        w.put("bulk_docs", r.bulkDocs());
        w.put("bulk_s", round(r.bulkSeconds()));
        w.put("bulk_docs_per_s", round(r.bulkDocs() / r.bulkSeconds()));
        w.put("es_stats_replay", r.replayEsStats());
        w.put("es_stats_bulk", r.bulkEsStats());
        w.put("es_hot_threads_during_replay", r.hotThreads());
        return w;
    }

    private void memory(ResourceSampler sampler) {
        long verdaccio = sampler.peakRss("verdaccio");
        double peer = verdaccio > 0 ? verdaccio / 1048576.0 : Double.NaN;
        double total = 0;
        boolean any = false;
        for (Figures.Service service : Figures.SERVICES) {
            long rss = sampler.peakRss(service.id());
            Figure rssFigure = f.get("memory." + service.id() + ".rss");
            if (rss > 0) {
                rssFigure.ours(rss / 1048576.0);
                total += rss / 1048576.0;
                any = true;
            } else {
                rssFigure.oursUnavailable("process not found");
            }
            if (verdaccio > 0) {
                rssFigure.comparison(peer);
            }
            if (service.jvm()) {
                Figure heap = f.get("memory." + service.id() + ".heap");
                long used = sampler.peakHeap(service.id());
                long max = sampler.maxHeap(service.id());
                if (used >= 0) {
                    heap.ours(used / 1048576.0);
                } else {
                    heap.oursUnavailable("no heap data (perf data off and no stats API)");
                }
                if (max > 0) {
                    heap.comparison(max / 1048576.0);
                } else {
                    heap.comparisonUnavailable("unknown -Xmx");
                }
            }
        }
        Figure totalFigure = f.get("memory.total.rss");
        if (any) {
            totalFigure.ours(total).detail("sum of each service's peak (peaks at different times); sampled every "
                    + o.sampleMillis + " ms from /proc (PSS of each process tree)");
        }
        if (verdaccio > 0) {
            totalFigure.comparison(peer);
        }
        f.get("memory.backend.rss").detail("the backend JVM alone (its own process, JVM options "
                + BenchTarget.backendJavaOptions() + "; the load generator runs in the harness JVM);"
                + " measured until the backend stopped (before the rebuild)");
    }

    private void charts(ResourceSampler sampler) {
        if (!lagCharts.isEmpty()) {
            report.latencyChart("Raw baselines for the lag figures", lagCharts.toArray(Latencies[]::new));
        }
        Map<String, List<double[]>> rss = new LinkedHashMap<>();
        for (String name : sampler.names()) {
            List<double[]> series = sampler.rssSeries(name);
            if (!series.isEmpty()) {
                rss.put(name, series);
            }
        }
        report.seriesChart("Memory: RSS (PSS) of each service over the run", "seconds since the run started", "MiB", rss);
        List<Map<String, Object>> phases = new ArrayList<>();
        for (ResourceSampler.Phase phase : sampler.phases()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("phase", phase.name());
            p.put("started_at", phase.startedAt());
            p.put("start_s", phase.startSeconds());
            p.put("seconds", phase.seconds());
            p.put("cpu_s", phase.cpuSeconds());
            phases.add(p);
        }
        report.json().put("cpu_by_phase", phases);
        List<String> names = sampler.names();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "  %-16s %7s", "phase", "wall s"));
        names.forEach(n -> table.append(String.format(Locale.ROOT, " %13s", n)));
        table.append('\n');
        for (ResourceSampler.Phase phase : sampler.phases()) {
            if (phase.seconds() < 0.5) {
                continue;
            }
            table.append(String.format(Locale.ROOT, "  %-16s %7.1f", phase.name(), phase.seconds()));
            names.forEach(n -> {
                Double cpu = phase.cpuSeconds().get(n);
                table.append(cpu == null ? String.format(Locale.ROOT, " %13s", "-")
                        : String.format(Locale.ROOT, " %13.1f", cpu));
            });
            table.append('\n');
        }
        report.cpuTable(table.toString());
    }

    /**
     * The scaling curves (how cost grows with the work), read from the figures and runs above; the sentences under
     * each are computed from its rows, never written by hand.
     */
    private void curves() {
        Curve publish = new Curve("Publish: throughput vs concurrency", "concurrency c", "versions/s", List.of(
                new Curve.Column("ours throughput", "versions/s", true),
                new Curve.Column("Verdaccio throughput", "versions/s", true),
                new Curve.Column("ours p50", "ms", false), new Curve.Column("ours p99", "ms", false),
                new Curve.Column("Verdaccio p50", "ms", false), new Curve.Column("Verdaccio p99", "ms", false)));
        for (int c : Figures.PUBLISH_CONCURRENCIES) {
            Figure throughput = f.get("publish.c" + c + ".throughput");
            Figure p50 = f.get("publish.c" + c + ".p50");
            Figure p99 = f.get("publish.c" + c + ".p99");
            String note = throughput.ours() == null ? "ours " + throughput.oursNote()
                    : throughput.comparison() == null ? "Verdaccio " + throughput.comparisonNote() : null;
            publish.row(c, note, throughput.ours(), throughput.comparison(), p50.ours(), p99.ours(), p50.comparison(),
                    p99.comparison());
        }
        growth(publish, publish.saturationOf("ours throughput"), publish.saturationOf("Verdaccio throughput"),
                publish.growthOf("ours p50"), publish.growthOf("Verdaccio p50"));
        report.curve(publish);

        List<Curve.Column> columns = new ArrayList<>();
        List<String> positions = List.of("start", "middle", "end");
        positions.forEach(where -> {
            columns.add(new Curve.Column("ours " + where + " p50", "ms", true));
            columns.add(new Curve.Column("raw ES " + where + " p50", "ms", true));
        });
        Curve pages = new Curve("Listing: page of 100 p50 vs package size", "versions", "ms", columns);
        for (int size : new java.util.TreeSet<>(o.listingSizes)) {
            ListingWorkload.Pages measured = listingPages.get(size);
            Double[] values = new Double[columns.size()];
            for (int i = 0; measured != null && i < positions.size(); i++) {
                values[2 * i] = measured.ours().get(positions.get(i)).percentileMillis(50);
                values[2 * i + 1] = measured.raw().get(positions.get(i)).percentileMillis(50);
            }
            pages.row(size, measured != null ? null : "n/a (" + listingProblems.getOrDefault(size,
                    o.runs("listing") ? "not measured" : "skipped") + ")", values);
        }
        columns.forEach(column -> growth(pages, pages.growthOf(column.name())));
        report.curve(pages);

        Curve rebuild = new Curve("Rebuild: wall time vs events replayed", "events replayed", "s", List.of(
                new Curve.Column("ours wall time", "s", true), new Curve.Column("raw _bulk wall time", "s", true),
                new Curve.Column("ours", "events/s", false), new Curve.Column("raw _bulk", "events/s", false)));
        for (long synthetic : new java.util.TreeSet<>(List.of(o.rebuildSmallEvents, o.rebuildEvents))) {
            RebuildWorkload.Result r = rebuildPoints.get(synthetic);
            if (synthetic <= 0) {
                continue;
            }
            if (r == null) {
                rebuild.row(synthetic, String.format(Locale.ROOT, "%,d synthetic: n/a (%s)", synthetic,
                        rebuildProblems.getOrDefault(synthetic, o.runs("rebuild") ? "not measured" : "skipped")),
                        null, null, null, null);
                continue;
            }
            rebuild.row(r.replayedEvents(), String.format(Locale.ROOT, "%,d of them synthetic", r.syntheticEvents()),
                    r.replaySeconds(), r.bulkSeconds(), r.replayedEvents() / r.replaySeconds(),
                    r.replayedEvents() / r.bulkSeconds());
        }
        growth(rebuild, rebuild.growthOf("ours wall time"), rebuild.growthOf("raw _bulk wall time"));
        report.curve(rebuild);
    }

    /** Adds the sentences that could be computed (a curve with fewer than two points has none); says so otherwise. */
    private static void growth(Curve curve, String... sentences) {
        List<String> computed = java.util.Arrays.stream(sentences).filter(java.util.Objects::nonNull).toList();
        computed.forEach(curve::growth);
        if (computed.isEmpty()) {
            curve.growth("(fewer than two measured points: no growth to tell)");
        }
    }

    private void notes() {
        report.note("Backend (both sides, profile local) in its own JVM (" + BenchTarget.backendJavaOptions() + ") on the"
                + " native stack: PostgreSQL 17 committing durably (fsync, synchronous_commit and full_page_writes on, as"
                + " ./run.sh runs it; the raw INSERT baseline uses the same server), Kafka 3.9 KRaft, Elasticsearch 8.19"
                + " (512 MB heap), s3proxy (these three with the JVM's full JIT, as in production; ./run.sh starts them"
                + " C1-only for a fast start); all on one 2-core machine together with the load generator, so every"
                + " figure includes contention for the same cores. Warm-up: " + warmedUp + " publishes at c=4 for each"
                + " side, until our rate levelled off. Lag is watched at c=16 only. Verdaccio stores on the local file system: it writes each"
                + " packument and tarball with ordinary file writes and renames, never fsync, so an acknowledged publish"
                + " can be lost on a power cut; ours cannot.");
        report.note("Synthetic data: the listing packages (the headline one and each size of the page curve) and the"
                + " rebuilds' events were inserted directly into the event store with JDBC COPY (valid contract JSON,"
                + " frozen type names, revision 1), not through HTTP; Verdaccio's 10k-version package was written"
                + " straight into its storage the same way.");
        report.note("Rebuild curve: the small rebuild runs first, on a store holding only the publish entities; the"
                + " headline rebuild runs last and replays everything the run wrote (all publishes, the append's events,"
                + " every listing package) besides its own synthetic events, so its x is the events it replayed.");
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) report.json().get("environment");
        report.note("Load average (1/5/15 min) at the start: " + env.get("loadavg_start") + "; at the end: "
                + env.get("loadavg_end") + " (" + env.get("cores") + " cores): anything above the harness's own"
                + " load means other work shared the machine.");
        report.note("Ratios are ours / comparison; '(higher better)' / '(lower better)' tells which way is good.");
        report.note("Memory comparisons: each service's peak RSS against Verdaccio's (one Node process holding"
                + " everything); heap rows against that JVM's own -Xmx.");
    }

    private void fail(String prefix, Exception e) {
        String reason = reason(e);
        say.accept("  FAILED " + (prefix.isEmpty() ? "run" : prefix) + ": " + reason);
        f.oursUnavailable(prefix, reason);
        report.workloads().put("error_" + (prefix.isEmpty() ? "run" : prefix), reason);
    }

    /** An exception as a table cell: its type and message on one line, at most 200 characters. */
    private static String reason(Exception e) {
        String reason = (e.getClass().getSimpleName() + ": " + e.getMessage()).replaceAll("\\s+", " ");
        return reason.length() > 200 ? reason.substring(0, 200) + "..." : reason;
    }

    private void lap(String name, long start) {
        timings.put(name, round((System.nanoTime() - start) / 1e9));
    }

    private static long esHeapUsed(BenchTarget sut) {
        var nodes = sut.es("GET", "/_nodes/_local/stats/jvm", null).path("nodes");
        var it = nodes.elements();
        return it.hasNext() ? it.next().path("jvm").path("mem").path("heap_used_in_bytes").asLong(-1) : -1;
    }

    private static String serviceId(String stackName) {
        return stackName.equals("s3proxy") ? "s3" : stackName;
    }

    private static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("memory_gib", Math.round(((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / 1073741824.0));
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("loadavg_start", loadAverage());
        return env;
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows here. */
    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Double round(double value) {
        return Latencies.round(value);
    }
}
