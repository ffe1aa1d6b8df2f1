package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The four servers as child processes of this JVM, started in parallel (Elasticsearch, the slowest, first). */
final class NativeStack implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(NativeStack.class);

    private final StateDir state;
    private final Consumer<String> progress;
    private final NativeElasticsearch elasticsearch;
    private final NativeKafka kafka;
    private final NativePostgres postgres;
    private final NativeS3 s3;
    private final Endpoints endpoints;

    private NativeStack(StateDir state, Consumer<String> progress) {
        this.state = state;
        this.progress = progress;
        Ports ports = new Ports(state);
        this.elasticsearch = new NativeElasticsearch(state, ports.port("elasticsearch.http"), ports.port("elasticsearch.transport"));
        this.kafka = new NativeKafka(state, ports.port("kafka"), ports.port("kafka.controller"));
        this.postgres = new NativePostgres(state, ports.port("postgres"));
        this.s3 = new NativeS3(state, ports.port("s3"));
        this.endpoints = new Endpoints(postgres.jdbcUrl(), NativePostgres.USER, NativePostgres.PASSWORD,
                kafka.bootstrapServers(), elasticsearch.url(), s3.endpoint(), NativeS3.REGION, NativeS3.ACCESS_KEY,
                NativeS3.SECRET_KEY, NativeS3.BUCKET);
    }

    static NativeStack start(StackConfig config) {
        StateDir state = StateDir.open(config);
        NativeStack stack;
        try {
            stack = new NativeStack(state, config.progress());
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
        stack.progress.accept("Native service stack in " + state.root() + (state.persistent() ? " (persistent)" : ""));
        stack.startAll();
        return stack;
    }

    private void startAll() {
        ExecutorService executor = Executors.newFixedThreadPool(4, daemonThreads("registry-stack-start"));
        try {
            List<CompletableFuture<Void>> starts = List.of(
                    timed(executor, "Elasticsearch", elasticsearch::start, elasticsearch::port),
                    timed(executor, "Kafka", kafka::start, kafka::port),
                    timed(executor, "PostgreSQL", postgres::start, postgres::port),
                    timed(executor, "S3 (s3proxy)", s3::start, s3::port));
            List<Throwable> failures = new ArrayList<>();
            for (CompletableFuture<Void> start : starts) {
                try {
                    start.join();
                } catch (CompletionException e) {
                    failures.add(e.getCause());
                }
            }
            if (!failures.isEmpty()) {
                close();
                IllegalStateException failure = new IllegalStateException("the native service stack did not start: "
                        + failures.get(0).getMessage(), failures.get(0));
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private CompletableFuture<Void> timed(ExecutorService executor, String name, Runnable start,
                                          java.util.function.IntSupplier port) {
        return CompletableFuture.runAsync(() -> {
            long begin = System.nanoTime();
            progress.accept(name + " starting...");
            start.run();
            progress.accept(String.format(Locale.ROOT, "%s ready on :%d (%.1f s)", name, port.getAsInt(),
                    (System.nanoTime() - begin) / 1e9));
        }, executor);
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public void stopKafka() {
        kafka.stop();
    }

    @Override
    public void startKafka() {
        long begin = System.nanoTime();
        kafka.launch();
        progress.accept(String.format(Locale.ROOT, "Kafka ready again on :%d (%.1f s)", kafka.port(),
                (System.nanoTime() - begin) / 1e9));
    }

    @Override
    public void close() {
        ExecutorService executor = Executors.newFixedThreadPool(4, daemonThreads("registry-stack-stop"));
        try {
            CompletableFuture.allOf(
                    quietly(executor, "Elasticsearch", elasticsearch::stop),
                    quietly(executor, "Kafka", kafka::stop),
                    quietly(executor, "PostgreSQL", postgres::stop),
                    quietly(executor, "S3", s3::stop)).join();
        } finally {
            executor.shutdownNow();
            state.close();
        }
    }

    private static CompletableFuture<Void> quietly(ExecutorService executor, String name, Runnable stop) {
        return CompletableFuture.runAsync(() -> {
            try {
                stop.run();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed: {}", name, e.toString());
            }
        }, executor);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
