package io.registry.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Small process helpers: command lines from /proc, signals, graceful termination, log tails. */
final class Processes {

    private Processes() {
    }

    /** The command line of a live process, arguments joined by spaces; empty when it is gone or unreadable. */
    static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine());
        }
    }

    /** Sends a signal by name (INT, TERM, KILL...) with the shell's kill builtin, which every system has. */
    static boolean signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGTERM (or the given signal) to the process, then SIGKILL to it and everything below it when it has not
     * ended within {@code grace}.
     */
    static void terminate(ProcessHandle process, String signal, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        if ("TERM".equals(signal)) {
            process.destroy();
        } else {
            signal(process.pid(), signal);
        }
        if (!awaitExit(process, grace)) {
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(5));
        }
        for (ProcessHandle descendant : tree) {
            if (descendant.isAlive() && !awaitExit(descendant, Duration.ofSeconds(2))) {
                descendant.destroyForcibly();
            }
        }
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    /** Runs a short command; returns its exit code and output. */
    static Result run(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, new String(output, StandardCharsets.UTF_8) + " (timed out)");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The last lines of a log file, to put into an exception message. */
    static String tail(Path log, int lines) {
        if (log == null || !Files.isReadable(log)) {
            return "(no log)";
        }
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> kept = all.collect(Collectors.toList());
            return String.join("\n", kept.subList(Math.max(0, kept.size() - lines), kept.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The java executable of this JVM, for child JVMs. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
