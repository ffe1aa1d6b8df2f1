package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The folder of a native stack: one sub-folder per service, {@code logs/}, the list of child processes, and a lock
 * held while the stack runs. Temporary folders live under {@code <java.io.tmpdir>/registry-stack-<user>/}; the
 * ones whose owner died (their lock is free) are cleaned up by the next start.
 */
final class StateDir implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateDir.class);
    private static final String LOCK = "stack.lock";
    private static final String PROCESSES = "processes";

    private final Path root;
    private final boolean temporary;
    private final boolean persistent;
    private final boolean durable;
    private final boolean optimizingJit;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ProcessRegistry processes;

    private StateDir(Path root, boolean temporary, boolean persistent, boolean durable, boolean optimizingJit,
                     FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.temporary = temporary;
        this.persistent = persistent;
        this.durable = durable;
        this.optimizingJit = optimizingJit;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.processes = new ProcessRegistry(root.resolve(PROCESSES));
    }

    /** Locks the folder and stops the processes a crashed previous run on it left behind. */
    static StateDir open(StackConfig config) {
        try {
            Path root;
            boolean temporary = config.stateDir() == null;
            if (temporary) {
                Path parent = temporaryParent();
                sweepAbandoned(parent);
                root = parent.resolve("run-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
            } else {
                root = config.stateDir();
            }
            createReadableDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("the stack folder " + root + " is in use by another running stack");
            }
            int killed = ProcessRegistry.killStale(root.resolve(PROCESSES));
            if (killed > 0) {
                LOG.warn("stopped {} process(es) left over by a previous run in {}", killed, root);
            }
            StateDir state = new StateDir(root, temporary, config.persistent(), config.durable(), config.optimizingJit(), channel, lock);
            Files.createDirectories(state.logs());
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** See {@link ServiceStack#stopLeftovers(Path)}. */
    static int stopLeftovers(Path root) {
        Path lockFile = root.resolve(LOCK);
        if (Files.exists(lockFile) && !lockIsFree(lockFile)) {
            throw new IllegalStateException("the stack folder " + root + " is in use by a running stack");
        }
        return ProcessRegistry.killStale(root.resolve(PROCESSES));
    }

    Path root() {
        return root;
    }

    boolean persistent() {
        return persistent;
    }

    /** Whether PostgreSQL must flush every commit (see {@link StackConfig#withDurableCommits()}). */
    boolean durable() {
        return durable;
    }

    /** JVM options of the Java servers' JIT (see {@link StackConfig#optimizingJit()}). */
    List<String> jitOptions() {
        return optimizingJit ? List.of() : List.of("-XX:TieredStopAtLevel=1");
    }

    boolean temporary() {
        return temporary;
    }

    ProcessRegistry processes() {
        return processes;
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path log(String service) {
        return logs().resolve(service + ".log");
    }

    /** A service's folder; created readable for others so a dedicated server user (Elasticsearch) can enter. */
    Path serviceDir(String name) {
        Path dir = root.resolve(name);
        try {
            createReadableDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("releasing the stack lock", e);
        }
        if (temporary) {
            deleteRecursively(root);
        }
    }

    static void createReadableDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createReadableDirectories(parent);
        }
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another thread or process was quicker
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private static Path temporaryParent() throws IOException {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        Path parent = Path.of(System.getProperty("java.io.tmpdir"), "registry-stack-" + user);
        createReadableDirectories(parent);
        return parent;
    }

    /** Temporary stack folders whose JVM died without closing them: stop their processes, delete them. */
    private static void sweepAbandoned(Path parent) {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(parent, "run-*")) {
            for (Path run : runs) {
                Path lockFile = run.resolve(LOCK);
                if (!Files.exists(lockFile)) {
                    // a folder being created right now has no lock for a moment
                    FileTime modified = Files.getLastModifiedTime(run);
                    if (modified.toInstant().isAfter(Instant.now().minus(Duration.ofMinutes(2)))) {
                        continue;
                    }
                } else if (!lockIsFree(lockFile)) {
                    continue;
                }
                int killed = ProcessRegistry.killStale(run.resolve(PROCESSES));
                LOG.info("removing abandoned stack folder {} ({} leftover process(es) stopped)", run, killed);
                deleteRecursively(run);
            }
        } catch (IOException e) {
            LOG.debug("sweeping {}", parent, e);
        }
    }

    private static boolean lockIsFree(Path lockFile) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return false;
            }
            probe.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
