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
 * <p>Order: stack and backend start; publish c=1 and c=16 (with the lag watchers); raw lag baselines; append;
 * listing; the Verdaccio peer (publish c=1, c=16, packument GET); the backend stops; the rebuild's synthetic events
 * are written and the processors' tokens moved past them; the backend starts again and its own rebuild is timed;
 * the stack stops.
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
        PublishWorkload.Result c1 = null;
        PublishWorkload.Result c16 = null;
        ListingWorkload.Result listing = null;
        try {
            sampler.phase("stack start");
            long t = System.nanoTime();
            say.accept("Starting the service stack ...");
            sut = BenchTarget.start(o.workDir.resolve("stack"), say);
            BenchTarget stack = sut;
            sut.servicePids().forEach((service, pid) -> sampler.add(serviceId(service), pid,
                    service.equals("elasticsearch") ? () -> esHeapUsed(stack) : null));
            lap("stack_start", t);
            sampler.phase("backend start");
            t = System.nanoTime();
            sut.startBackend(o.workDir.resolve("backend"), o.backendProperties);
            sampler.add("backend", sut.backendPid(), null);
            lap("backend_start", t);
            say.accept(String.format(Locale.ROOT, "Backend up on %s (stack %.1f s, backend %.1f s)", sut.baseUrl(),
                    sut.stackSeconds(), sut.backendSeconds()));
            RegistryClient client = new RegistryClient(http, sut.baseUrl());
            client.login();

            // 1 + 5: publish, with the lag watchers
            List<String> entities = new ArrayList<>();
            for (int i = 0; i < o.entities; i++) {
                String id = String.format("bench-pub-%03d", i);
                client.createEntity(id, "bench");
                entities.add(id);
            }
            byte[] tarball = PublishWorkload.smallTarball();
            VersionIds versionIds = new VersionIds();
            sampler.phase("publish warm-up");
            t = System.nanoTime();
            PublishWorkload.ours(client, entities, 4, o.runs("publish") ? o.warmup : 0, tarball, versionIds, null, null, Duration.ofMinutes(5));
            lap("publish_warmup", t);
            if (!o.runs("publish")) {
                f.oursUnavailable("publish.", "skipped");
                f.oursUnavailable("lag.", "skipped");
            } else try {
                sampler.phase("publish c=1");
                c1 = publishOurs(sut, client, entities, 1, o.publishC1, tarball, versionIds);
                sampler.phase("publish c=" + C);
                c16 = publishOurs(sut, client, entities, C, o.publishHigh, tarball, versionIds);
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

            // the peer
            sampler.phase("peer");
            t = System.nanoTime();
            peer(peerInstall, sampler, c1, c16, listing);
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
        report.json().put("resources", sampler.toJson());
        timings.put("total", round((System.nanoTime() - begin) / 1e9));
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) report.json().get("environment");
        env.put("loadavg_end", loadAverage());
        notes();
        return report;
    }

    private PublishWorkload.Result publishOurs(BenchTarget sut, RegistryClient client, List<String> entities,
                                               int concurrency, int total, byte[] tarball, VersionIds versionIds) {
        say.accept(String.format("Workload 1: publish %,d versions over %d entities at c=%d ...", total,
                entities.size(), concurrency));
        long t = System.nanoTime();
        Map<String, Long> esBefore = EsStats.snapshot(sut, "registry-versions,registry-entities");
        LagWatchers.Projection projection = new LagWatchers.Projection(sut);
        LagWatchers.Kafka kafka = null;
        String kafkaProblem = null;
        try {
            kafka = new LagWatchers.Kafka(sut.endpoints().kafkaBootstrapServers(), BenchTarget.TOPIC, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            kafkaProblem = e.getMessage();
        }
        PublishWorkload.Result result;
        long projectionMissing;
        long kafkaMissing = -1;
        String hot = null;
        try {
            result = PublishWorkload.ours(client, entities, concurrency, total, tarball, versionIds, projection, kafka,
                    Duration.ofMinutes(10));
            projectionMissing = projection.drain(Duration.ofSeconds(120));
            if (kafka != null) {
                kafkaMissing = kafka.drain(Duration.ofSeconds(180));
            }
        } finally {
            projection.close();
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
        w.put("read_model_lag", projection.lag.summary());
        w.put("read_model_lag_missing", projectionMissing);
        w.put("read_model_watch_error", projection.error());
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
        say.accept(String.format(Locale.ROOT, "  %,d published in %.1f s: %.1f versions/s, p50 %.1f ms, p99 %.1f ms;"
                        + " read-model lag p50 %.0f ms p99 %.0f ms; Kafka lag p50 %.0f ms p99 %.0f ms",
                outcome.completed(), result.total().elapsedSeconds(), outcome.completed() / result.total().elapsedSeconds(),
                result.total().percentileMillis(50), result.total().percentileMillis(99),
                projection.lag.percentileMillis(50), projection.lag.percentileMillis(99),
                kafka == null ? Double.NaN : kafka.lag.percentileMillis(50),
                kafka == null ? Double.NaN : kafka.lag.percentileMillis(99)));
        if (concurrency == C) {
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
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("entity", r.entityId());
        w.put("versions", r.versions());
        w.put("events_seeded_with_copy", r.events());
        w.put("seed_s", round(r.seedSeconds()));
        w.put("live_projection_catch_up_s", round(r.catchUpSeconds()));
        w.put("live_projection_events_per_s", round(r.events() / r.catchUpSeconds()));
        w.put("pages", r.pageCount());
        w.put("es_stats_live_projection_catch_up", r.catchUpEsStats());
        for (String where : r.pages().keySet()) {
            Latencies ours = r.pages().get(where);
            Latencies raw = r.raw().get(where);
            f.get("listing." + where + ".p50").ours(ours.percentileMillis(50)).comparison(raw.percentileMillis(50));
            f.get("listing." + where + ".p99").ours(ours.percentileMillis(99)).comparison(raw.percentileMillis(99));
            w.put("page_" + where, ours.summary());
            w.put("raw_es_" + where, raw.summary());
        }
        f.get("listing.read_all").ours(r.readAll().percentileMillis(50)).detail(String.format(Locale.ROOT,
                "%d pages of 100; the package's %,d events were written into the event store with COPY and projected"
                        + " by the live projection in %.1f s (%.0f events/s)",
                r.pageCount(), r.events(), r.catchUpSeconds(), r.events() / r.catchUpSeconds()));
        f.get("listing.start.p50").detail("GET /zones/{zone}/packages/{id}/versions?limit=100&after=<cursor>, c=1, "
                + o.listingRepeats + " samples per position; raw = the same bool/range/sort query on registry-versions");
        w.put("read_all", r.readAll().summary());
        report.workloads().put("listing", w);
        List<Latencies> series = new ArrayList<>(r.pages().values());
        series.addAll(r.raw().values());
        report.latencyChart("Listing: page of 100 (ours vs the raw ES query)", series.toArray(Latencies[]::new));
        say.accept(String.format(Locale.ROOT, "  page p50 start %.1f / middle %.1f / end %.1f ms; read all %.0f ms",
                r.pages().get("start").percentileMillis(50), r.pages().get("middle").percentileMillis(50),
                r.pages().get("end").percentileMillis(50), r.readAll().percentileMillis(50)));
        return r;
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

    private void peer(CompletableFuture<Verdaccio> install, ResourceSampler sampler, PublishWorkload.Result c1,
                      PublishWorkload.Result c16, ListingWorkload.Result listing) {
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
            PublishWorkload.PeerPublish publish = (name, index) -> verdaccio.publish(name, "1.0." + index, tarball);
            PublishWorkload.peer("Verdaccio warm-up", packages, 4, o.warmup, (name, index) ->
                    verdaccio.publish(name, "0.0." + index, tarball), Duration.ofMinutes(5));
            PublishWorkload.Result p1 = PublishWorkload.peer("Verdaccio", packages, 1, o.publishC1, publish, Duration.ofMinutes(10));
            PublishWorkload.Result p16 = PublishWorkload.peer("Verdaccio", packages, C, o.publishHigh,
                    (name, index) -> verdaccio.publish(name, "2.0." + index, tarball), Duration.ofMinutes(10));
            for (PublishWorkload.Result r : List.of(p1, p16)) {
                String p = "publish.c" + r.concurrency();
                Workers.Outcome outcome = r.outcome();
                if (outcome.completed() == 0) {
                    f.comparisonUnavailable(p, "Verdaccio: " + outcome.errorNote());
                    continue;
                }
                f.get(p + ".throughput").comparison(outcome.completed() / r.total().elapsedSeconds());
                f.get(p + ".p50").comparison(r.total().percentileMillis(50));
                f.get(p + ".p99").comparison(r.total().percentileMillis(99));
                if (outcome.failed() > 0) {
                    f.get(p + ".p50").detail("Verdaccio: " + outcome.errorNote());
                }
                w.put("publish_c" + r.concurrency(), r.total().summary());
                w.put("publish_c" + r.concurrency() + "_failed", outcome.failed());
            }
            report.latencyChart("Publish latency (one version: ours = upload-url + PUT + confirm; Verdaccio = npm publish PUT)",
                    c1 == null ? null : c1.total(), c16 == null ? null : c16.total(), p1.total(), p16.total());
            report.throughputChart("Publish c=" + C + ": versions per second over time", "versions/s",
                    c16 == null ? null : c16.total(), p16.total());
            say.accept(String.format(Locale.ROOT, "  Verdaccio publish: c=1 %.1f/s p50 %.1f ms; c=%d %.1f/s p50 %.1f ms",
                    p1.outcome().completed() / p1.total().elapsedSeconds(), p1.total().percentileMillis(50), C,
                    p16.outcome().completed() / p16.total().elapsedSeconds(), p16.total().percentileMillis(50)));

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
            f.get("listing.read_all").comparison(packument.percentileMillis(50));
            w.put("packument_get", packument.summary());
            w.put("packument_bytes", size);
            w.put("packument_seeded_into_storage", true);
            if (listing != null) {
                report.latencyChart("Reading all " + o.listingVersions + " versions: ours page by page vs Verdaccio's packument",
                        listing.readAll(), packument);
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

    private void peerUnavailable(String reason) {
        say.accept("Peer unavailable: " + reason);
        f.comparisonUnavailable("publish.", reason);
        f.comparisonUnavailable("listing.read_all", reason);
        f.comparisonUnavailable("memory.", "no Verdaccio run: " + reason);
        report.workloads().put("peer", "n/a (" + reason + ")");
    }

    private void rebuild(BenchTarget sut, Http http) throws Exception {
        double[] generated = RebuildWorkload.generate(sut, o.rebuildEvents, say);
        int tokens = RebuildWorkload.moveTokensToHead(sut);
        say.accept("  moved " + tokens + " processor tokens past the synthetic events; restarting the backend ...");
        sut.startBackend(o.workDir.resolve("backend-rebuild"), o.backendProperties);
        RebuildWorkload.Result r;
        try {
            RegistryClient client = new RegistryClient(http, sut.baseUrl());
            r = RebuildWorkload.runProductRebuild(sut, client, generated, o.workDir, Duration.ofMinutes(45), say);
        } finally {
            sut.stopBackend();
        }
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
        report.workloads().put("rebuild", w);
        report.throughputChart("Rebuild: events/s of the product rebuild (polled each second) and _bulk docs/s", "per second",
                r.replayTimeline(), r.bulkTimeline());
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

    private void notes() {
        report.note("Backend (both sides, profile local) in its own JVM (" + BenchTarget.backendJavaOptions() + ") on the"
                + " native stack: PostgreSQL 17 committing durably (fsync, synchronous_commit and full_page_writes on, as"
                + " ./run.sh runs it; the raw INSERT baseline uses the same server), Kafka 3.9 KRaft, Elasticsearch 8.19"
                + " (512 MB heap), s3proxy; all on one 2-core machine together with the load generator, so every figure"
                + " includes contention for the same cores. Verdaccio stores on the local file system: it writes each"
                + " packument and tarball with ordinary file writes and renames, never fsync, so an acknowledged publish"
                + " can be lost on a power cut; ours cannot.");
        report.note("Synthetic data: the 10k-version listing package and the rebuild's events were inserted directly into"
                + " the event store with JDBC COPY (valid contract JSON, frozen type names, revision 1), not through HTTP;"
                + " Verdaccio's 10k-version package was written straight into its storage the same way.");
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
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (reason.length() > 200) {
            reason = reason.substring(0, 200) + "...";
        }
        say.accept("  FAILED " + (prefix.isEmpty() ? "run" : prefix) + ": " + reason);
        f.oursUnavailable(prefix, reason);
        report.workloads().put("error_" + (prefix.isEmpty() ? "run" : prefix), reason);
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
