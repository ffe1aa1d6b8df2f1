package io.registry.backend;

import io.registry.stack.ServiceStack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The backend as {@code ./run.sh} runs it ({@link LocalRun}: a persistent native stack in the data folder, then
 * both sides in one JVM), started as a separate JVM with this JVM's class path so that a test can SIGKILL it.
 * Its data folder is a fresh one under {@code <tmp>/registry-local-run-<user>/}; every start uses the same
 * folder and port, as a restart of {@code ./run.sh} would. {@link #close()} stops it and every server it started,
 * whatever state it is in; so does a shutdown hook, and the next {@link #create()} cleans up after a test JVM
 * that died without either.
 */
final class LocalRunProcess implements AutoCloseable {

    private static final Path PARENT = Path.of(System.getProperty("java.io.tmpdir"),
            "registry-local-run-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_"));
    private static final String PID_FILE = "backend.pid";

    private final Path dataDir;
    private final int port;
    private final Thread shutdownHook;
    private Process process;
    private boolean closed;

    private LocalRunProcess(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
        this.shutdownHook = new Thread(this::stopEverything, "local-run-process-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A fresh data folder (readable by others: Elasticsearch may run as its own user) and a free port. */
    static LocalRunProcess create() throws IOException {
        Files.createDirectories(PARENT);
        sweepAbandoned();
        Path dataDir = PARENT.resolve("run-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(PARENT, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return new LocalRunProcess(dataDir, socket.getLocalPort());
        }
    }

    /** Starts {@code LocalRun} and waits until the backend answers its health check. */
    void start() throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dregistry.local-run-dir=" + dataDir,
                "-cp", System.getProperty("java.class.path"), LocalRun.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        Map<String, String> env = builder.environment();
        env.put("REGISTRY_DATA_DIR", dataDir.toString());
        env.put("PORT", Integer.toString(port));
        env.put("REGISTRY_STACK", "native"); // the test kills PostgreSQL by PID
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        process = builder.start();
        Files.writeString(dataDir.resolve(PID_FILE), Long.toString(process.pid()));
        try {
            awaitReady(Duration.ofMinutes(4));
        } catch (RuntimeException | InterruptedException e) {
            process.destroyForcibly(); // not running then: the next start (or close) cleans up after it
            process.waitFor(30, TimeUnit.SECONDS);
            throw e;
        }
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    RegistryClient client() {
        return new RegistryClient("http://127.0.0.1:" + port);
    }

    /** The JVM running the backend (and, until it dies, the parent of the stack's servers). */
    ProcessHandle backend() {
        return process.toHandle();
    }

    /** The postmaster of the stack's PostgreSQL (from its {@code postmaster.pid}) and every process below it. */
    List<ProcessHandle> postgres() throws IOException {
        Path pidFile = dataDir.resolve("stack/postgres/data/postmaster.pid");
        long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("no postmaster with PID " + pid + " (" + pidFile + ")"));
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster);
        postmaster.descendants().forEach(all::add);
        return all;
    }

    /** The endpoints of the stack's servers, as {@code LocalRun} wrote them. */
    Properties stackProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve("stack/stack.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    String logTail(int lines) {
        try (Stream<String> all = Files.lines(log(), StandardCharsets.UTF_8)) {
            List<String> kept = all.toList();
            return String.join("\n", kept.subList(Math.max(0, kept.size() - lines), kept.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the backend (SIGTERM, then SIGKILL), then whatever the stack left running, and deletes the folder. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs
        }
        stopEverything();
    }

    private synchronized void stopEverything() {
        if (closed) {
            return;
        }
        closed = true;
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        stopLeftovers(dataDir);
        deleteRecursively(dataDir);
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RegistryClient client = client();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("LocalRun exited with " + process.exitValue() + " before it was ready; end of "
                        + log() + ":\n" + logTail(60));
            }
            try {
                if (client.send("GET", "/actuator/health", null, null, Map.of()).status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("LocalRun not ready within " + timeout.toSeconds() + " s; end of "
                        + log() + ":\n" + logTail(60));
            }
            Thread.sleep(250);
        }
    }

    private Path log() {
        return dataDir.resolve("backend.log");
    }

    /** Folders of test JVMs that died without closing their local run: stop what runs there, delete them. */
    private static void sweepAbandoned() throws IOException {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(PARENT, "run-*")) {
            for (Path run : runs) {
                String[] parts = run.getFileName().toString().split("-");
                if (parts.length < 3 || !parts[1].matches("\\d+")
                        || ProcessHandle.of(Long.parseLong(parts[1])).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                backendOf(run).ifPresent(LocalRunProcess::killAndWait);
                stopLeftovers(run);
                deleteRecursively(run);
            }
        }
    }

    /** The backend JVM of a folder, while that PID still runs a local run on that folder. */
    private static Optional<ProcessHandle> backendOf(Path run) {
        try {
            long pid = Long.parseLong(Files.readString(run.resolve(PID_FILE)).trim());
            return ProcessHandle.of(pid).filter(p -> p.info().commandLine()
                    .map(line -> line.contains("-Dregistry.local-run-dir=" + run)).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void killAndWait(ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // gone or going
        }
    }

    private static void stopLeftovers(Path run) {
        Path stack = run.resolve("stack");
        if (Files.isDirectory(stack)) {
            try {
                ServiceStack.stopLeftovers(stack);
            } catch (IllegalStateException inUse) {
                // a stack still runs there (its backend was just stopped and is closing it)
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary folder
        }
    }
}
