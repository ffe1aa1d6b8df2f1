package io.registry.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A server process started by the native stack: output to a log file, PID in the stack's process list. */
final class ChildProcess {

    private final String service;
    private final Process process;
    private final Path log;
    private final ProcessRegistry registry;

    private ChildProcess(String service, Process process, Path log, ProcessRegistry registry) {
        this.service = service;
        this.process = process;
        this.log = log;
        this.registry = registry;
    }

    static ChildProcess start(String service, List<String> command, Path workingDir, Map<String, String> environment,
                              StateDir state, String marker) {
        Path log = state.log(service);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            state.processes().add(service, process.pid(), marker);
            return new ChildProcess(service, process, log, state.processes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service + ": " + command, e);
        }
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Polls {@code ready} until it answers true; fails early, with the end of the log, when the process dies. */
    void awaitReady(Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with code " + process.exitValue()
                        + " before it was ready; end of " + log + ":\n" + Processes.tail(log, 40));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " was not ready within " + timeout.toSeconds() + " s; end of "
                        + log + ":\n" + Processes.tail(log, 40));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service, e);
            }
        }
    }

    /** Also records processes started below this one (the Elasticsearch server below its launcher). */
    void recordDescendants(String marker) {
        process.descendants().forEach(child -> registry.add(service, child.pid(), marker));
    }

    void stop(String signal, Duration grace) {
        List<ProcessHandle> tree = process.descendants().toList();
        Processes.terminate(process.toHandle(), signal, grace);
        registry.remove(process.pid());
        tree.forEach(child -> registry.remove(child.pid()));
    }
}
