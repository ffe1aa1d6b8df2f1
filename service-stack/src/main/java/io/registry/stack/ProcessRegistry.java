package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The child processes of a stack, written to a file in its state folder so that the next start on the same
 * folder can stop what a crashed run left behind. A recorded process is only killed while its command line still
 * contains the recorded marker (a path inside the state folder), so a reused PID is left alone.
 */
final class ProcessRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRegistry.class);

    record Entry(long pid, String service, String marker) {
        String line() {
            return pid + "\t" + service + "\t" + marker;
        }

        static Entry parse(String line) {
            String[] parts = line.split("\t", 3);
            return new Entry(Long.parseLong(parts[0].trim()), parts[1], parts[2]);
        }
    }

    private final Path file;
    private final Map<Long, Entry> entries = new LinkedHashMap<>();

    ProcessRegistry(Path file) {
        this.file = file;
    }

    synchronized void add(String service, long pid, String marker) {
        entries.put(pid, new Entry(pid, service, marker));
        write();
    }

    synchronized void remove(long pid) {
        if (entries.remove(pid) != null) {
            write();
        }
    }

    private void write() {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            List<String> lines = new ArrayList<>();
            entries.values().forEach(e -> lines.add(e.line()));
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Stops the processes a previous run recorded in {@code file} and that still run; returns how many. */
    static int killStale(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        List<Entry> stale = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    stale.add(Entry.parse(line));
                } catch (RuntimeException e) {
                    LOG.warn("ignoring unreadable line in {}: {}", file, line);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not read {}: {}", file, e.toString());
            return 0;
        }
        List<ProcessHandle> ours = new ArrayList<>();
        for (Entry entry : stale) {
            stillOurs(entry.pid(), entry.marker(), entry.service()).ifPresent(ours::add);
        }
        terminateAll(ours, stale);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.toString());
        }
        return ours.size();
    }

    /** Kills {@code pid} (and what runs below it) when it is alive and its command line contains {@code marker}. */
    static boolean killIfStillOurs(long pid, String marker, String service) {
        Optional<ProcessHandle> process = stillOurs(pid, marker, service);
        process.ifPresent(p -> terminateAll(List.of(p), List.of(new Entry(pid, service, marker))));
        return process.isPresent();
    }

    private static Optional<ProcessHandle> stillOurs(long pid, String marker, String service) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        String commandLine = Processes.commandLine(pid).orElse("");
        if (!commandLine.contains(marker)) {
            LOG.debug("PID {} is alive but no longer {} ({}), left alone", pid, service, commandLine);
            return Optional.empty();
        }
        LOG.warn("stopping {} left over from a previous run: PID {} {}", service, pid, abbreviate(commandLine));
        return handle;
    }

    /** Signals all at once (postgres: SIGINT, a fast shutdown; others SIGTERM), then SIGKILLs what is left. */
    private static void terminateAll(List<ProcessHandle> processes, List<Entry> entries) {
        List<ProcessHandle> everything = new ArrayList<>();
        for (ProcessHandle process : processes) {
            everything.add(process);
            process.descendants().forEach(everything::add);
            boolean postgres = entries.stream().anyMatch(e -> e.pid() == process.pid() && "postgres".equals(e.service()));
            if (postgres) {
                Processes.signal(process.pid(), "INT");
            } else {
                process.destroy();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (ProcessHandle process : everything) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!Processes.awaitExit(process, Duration.ofNanos(left))) {
                process.destroyForcibly();
                Processes.awaitExit(process, Duration.ofSeconds(5));
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
