package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PostgreSQL, Kafka (KRaft), Elasticsearch 8.19 and an S3-compatible store for integration tests and for the local
 * run of the backend. The {@link StackMode} is chosen by {@link ModeSelection}: the setting {@code registry.stack}
 * / {@code REGISTRY_STACK} = auto|native|testcontainers|external. Closing stops what was started; a shutdown hook
 * does the same when the JVM ends without closing.
 */
public final class ServiceStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceStack.class);

    private final StackMode mode;
    private final Backend backend;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServiceStack(StackMode mode, Backend backend) {
        this.mode = mode;
        this.backend = backend;
        this.shutdownHook = new Thread(this::stopAll, "registry-stack-shutdown");
    }

    /** Starts the stack in the mode {@link ModeSelection#current()} chooses. */
    public static ServiceStack start(StackConfig config) {
        ModeSelection.Decision decision = ModeSelection.current();
        LOG.info("Service stack mode {} ({})", decision.mode(), decision.reason());
        return start(config, decision.mode());
    }

    /** Starts the stack in the given mode, whatever the settings say. */
    public static ServiceStack start(StackConfig config, StackMode mode) {
        long begin = System.nanoTime();
        Backend backend = switch (mode) {
            case NATIVE -> NativeStack.start(config);
            case TESTCONTAINERS -> ContainerStack.start(config);
            case EXTERNAL -> ExternalStack.fromEnvironment(System.getenv(), config);
        };
        ServiceStack stack = new ServiceStack(mode, backend);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        String summary = String.format(Locale.ROOT, "Service stack (%s) up in %.1f s", mode, (System.nanoTime() - begin) / 1e9);
        config.progress().accept(summary);
        LOG.info("{}: {}", summary, backend.endpoints());
        return stack;
    }

    public StackMode mode() {
        return mode;
    }

    public Endpoints endpoints() {
        return backend.endpoints();
    }

    /**
     * {@code spring.datasource.url / username / password}, {@code spring.kafka.bootstrap-servers},
     * {@code registry.elasticsearch.url}, {@code registry.s3.endpoint / region / access-key / secret-key / bucket}.
     */
    public Map<String, String> springProperties() {
        return backend.endpoints().springProperties();
    }

    /**
     * Writes {@link #springProperties()} to {@code file} as a properties file (atomically: a reader never sees half
     * of it), so that other processes and tools (psql, kcat, a test driving the local run from outside) find the
     * endpoints.
     */
    public void writeProperties(Path file) {
        Properties properties = new Properties();
        properties.putAll(springProperties());
        try {
            Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(dir, "stack", ".properties.tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                properties.store(out, "service stack (" + mode + ")");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Stops what a native stack in {@code stateDir} left running when the JVM that started it died without closing
     * it (SIGKILL): the servers its process list names, while those PIDs still run the recorded commands. Starting
     * a stack on the same folder does this by itself; this is for cleaning up without starting one. Returns how
     * many processes were stopped.
     *
     * @throws IllegalStateException when a running stack holds the folder
     */
    public static int stopLeftovers(Path stateDir) {
        return StateDir.stopLeftovers(stateDir.toAbsolutePath().normalize());
    }

    /**
     * A broker outage: the broker goes away and comes back by {@link #startKafka()} on the same port with its data.
     *
     * @throws UnsupportedOperationException in {@link StackMode#EXTERNAL} mode
     */
    public void stopKafka() {
        requireOpen();
        backend.stopKafka();
    }

    /** Brings the broker back after {@link #stopKafka()} and waits until it answers. */
    public void startKafka() {
        requireOpen();
        backend.startKafka();
    }

    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run
        }
        stopAll();
    }

    private void stopAll() {
        if (closed.getAndSet(true)) {
            return;
        }
        long begin = System.nanoTime();
        backend.close();
        LOG.info(String.format(Locale.ROOT, "Service stack (%s) stopped in %.1f s", mode, (System.nanoTime() - begin) / 1e9));
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the service stack is closed");
        }
    }
}
