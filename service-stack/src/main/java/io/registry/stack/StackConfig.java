package io.registry.stack;

import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to start a {@link ServiceStack}.
 *
 * @param stateDir   where the native servers keep data, logs and their process list; {@code null} means a fresh
 *                   temporary folder that is deleted on close. Ignored by the Docker and external modes.
 * @param persistent keep data across restarts on the same {@code stateDir}; when false the data of a given
 *                   {@code stateDir} is wiped at start (its logs are kept after close, to read after a failure)
 * @param durable    PostgreSQL flushes every commit to disk before it answers (fsync, synchronous_commit and
 *                   full_page_writes on); always so for a persistent stack; a throwaway test stack may skip it
 *                   (its data never outlives the process), a benchmark must not (it measures what users run)
 * @param optimizingJit the Java servers (Elasticsearch, Kafka, s3proxy) compile their hot code fully (C2), as in
 *                   production; otherwise C1 only, ready in about half the time on 2 cores and fast enough for tests
 *                   and a local run, but slower per request: a benchmark measures them optimized
 * @param progress   receives human progress lines such as {@code "PostgreSQL ready on :54012 (1.4 s)"}
 */
public record StackConfig(Path stateDir, boolean persistent, boolean durable, boolean optimizingJit,
                          Consumer<String> progress) {

    public StackConfig {
        Objects.requireNonNull(progress, "progress");
        if (persistent && stateDir == null) {
            throw new IllegalArgumentException("a persistent stack needs a stateDir");
        }
        if (persistent && !durable) {
            throw new IllegalArgumentException("a persistent stack is durable");
        }
        stateDir = stateDir == null ? null : stateDir.toAbsolutePath().normalize();
    }

    /** A throw-away stack in a temporary folder; progress is logged. */
    public static StackConfig forTests() {
        return new StackConfig(null, false, false, false, logProgress());
    }

    /** A stack whose data survives restarts in {@code stateDir} (the local run of the backend). */
    public static StackConfig persistentIn(Path stateDir) {
        return new StackConfig(stateDir, true, true, false, logProgress());
    }

    /** A stack that starts with empty data in {@code stateDir} and leaves its logs there. */
    public static StackConfig freshIn(Path stateDir) {
        return new StackConfig(stateDir, false, false, false, logProgress());
    }

    /** The same stack, but with every commit flushed to disk (a fresh stack measured as users run it). */
    public StackConfig withDurableCommits() {
        return new StackConfig(stateDir, persistent, true, optimizingJit, progress);
    }

    /** The same stack, with the Java servers compiling as in production (a stack measured as users run it). */
    public StackConfig withOptimizingJit() {
        return new StackConfig(stateDir, persistent, durable, true, progress);
    }

    public StackConfig withProgress(Consumer<String> progress) {
        return new StackConfig(stateDir, persistent, durable, optimizingJit, progress);
    }

    /** Progress lines go to the slf4j logger {@code io.registry.stack.progress} at INFO. */
    public static Consumer<String> logProgress() {
        var logger = LoggerFactory.getLogger("io.registry.stack.progress");
        return logger::info;
    }
}
