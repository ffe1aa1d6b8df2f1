package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A single-node Elasticsearch from the integ-test distribution, security off, 512 MB heap, on loopback ports.
 * Elasticsearch refuses to run as root: then it runs as the system user {@code registry-es} (created once with
 * useradd) through {@code setpriv}, which execs, so the PID we hold is the launcher's and SIGTERM stops it cleanly.
 * Its config copy, data and logs are in {@code <state>/elasticsearch}, or, when that folder cannot be entered by
 * another user (e.g. below a 0700 home), in {@code /var/lib/registry-stack/elasticsearch-<hash of state>}.
 */
final class NativeElasticsearch {

    static final String SERVER_USER = "registry-es";
    private static final Logger LOG = LoggerFactory.getLogger(NativeElasticsearch.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final StateDir state;
    private final int httpPort;
    private final int transportPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Path workDir;
    private boolean separateWorkDir;
    private ChildProcess process;

    NativeElasticsearch(StateDir state, int httpPort, int transportPort) {
        this.state = state;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    int port() {
        return httpPort;
    }

    void start() {
        Path home = ElasticsearchDistribution.home();
        boolean root = runningAsRoot();
        workDir = chooseWorkDir(root);
        Path config = workDir.resolve("config");
        Path data = workDir.resolve("data");
        Path logs = workDir.resolve("logs");
        Path tmp = workDir.resolve("tmp");
        try {
            if (!state.persistent()) {
                StateDir.deleteRecursively(data);
                StateDir.deleteRecursively(config);
            }
            if (!Files.exists(config.resolve("elasticsearch.yml"))) {
                copyTree(home.resolve("config"), config);
            }
            StateDir.deleteRecursively(tmp);
            for (Path dir : List.of(data, logs, tmp)) {
                Files.createDirectories(dir);
            }
            if (root) {
                ensureServerUser();
                chownTree(workDir, SERVER_USER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + workDir, e);
        }

        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of(setpriv(), "--reuid=" + SERVER_USER, "--regid=" + SERVER_USER, "--init-groups"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        for (Map.Entry<String, String> setting : settings(data, logs).entrySet()) {
            command.add("-E");
            command.add(setting.getKey() + "=" + setting.getValue());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ES_PATH_CONF", config.toString());
        environment.put("ES_TMPDIR", tmp.toString());
        // C1 only unless optimizing: ready in ~6 s instead of 11-22 s on 2 cores; plenty fast for tests and a local run
        environment.put("ES_JAVA_OPTS", String.join(" ", java.util.stream.Stream.concat(
                java.util.stream.Stream.of("-Xms512m", "-Xmx512m"), state.jitOptions().stream()).toList()));
        if (!Files.isDirectory(home.resolve("jdk"))) {
            environment.put("ES_JAVA_HOME", System.getProperty("java.home"));
        }
        // the working folder must be writable by the server user: jvm.options has relative paths (logs/gc.log)
        process = ChildProcess.start("elasticsearch", command, workDir, environment, state, workDir.toString());
        process.awaitReady(READY_TIMEOUT, this::healthy);
        process.recordDescendants(workDir.toString());
    }

    private Map<String, String> settings(Path data, Path logs) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("discovery.type", "single-node");
        settings.put("xpack.security.enabled", "false");
        settings.put("cluster.name", "registry-stack");
        settings.put("node.name", "registry-stack");
        settings.put("network.host", "127.0.0.1");
        settings.put("http.port", Integer.toString(httpPort));
        settings.put("transport.port", Integer.toString(transportPort));
        settings.put("path.data", data.toString());
        settings.put("path.logs", logs.toString());
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        settings.put("action.destructive_requires_name", "false");
        return settings;
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop() {
        if (process != null) {
            process.stop("TERM", Duration.ofSeconds(30));
            process = null;
        }
        if (separateWorkDir && state.temporary()) {
            StateDir.deleteRecursively(workDir);
        }
    }

    private Path chooseWorkDir(boolean root) {
        Path inState = state.root().resolve("elasticsearch");
        if (!root || enterableByOthers(state.root())) {
            separateWorkDir = false;
            return state.serviceDir("elasticsearch");
        }
        String hash = HexFormat.of().formatHex(sha1(state.root().toString())).substring(0, 12);
        Path elsewhere = Path.of("/var/lib/registry-stack", "elasticsearch-" + hash);
        LOG.info("{} cannot be entered by the user {}; Elasticsearch keeps its files in {}", inState, SERVER_USER, elsewhere);
        try {
            StateDir.createReadableDirectories(elsewhere);
            Files.writeString(state.root().resolve("elasticsearch.location"), elsewhere.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        separateWorkDir = true;
        return elsewhere;
    }

    /** Every folder from / down to {@code dir} can be traversed by other users. */
    private static boolean enterableByOthers(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    static boolean runningAsRoot() {
        try {
            Object unix = Class.forName("com.sun.security.auth.module.UnixSystem").getDeclaredConstructor().newInstance();
            return ((Number) unix.getClass().getMethod("getUid").invoke(unix)).longValue() == 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static synchronized void ensureServerUser() {
        if (Processes.run(Duration.ofSeconds(10), "id", "-u", SERVER_USER).ok()) {
            return;
        }
        LOG.info("creating the system user {} to run Elasticsearch (it refuses to run as root)", SERVER_USER);
        var created = Processes.run(Duration.ofSeconds(30), sbin("useradd"), "--system", "--user-group",
                "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", SERVER_USER);
        if (!created.ok() && !Processes.run(Duration.ofSeconds(10), "id", "-u", SERVER_USER).ok()) {
            throw new IllegalStateException("could not create the user " + SERVER_USER + " with useradd: " + created.output());
        }
    }

    private static String setpriv() {
        for (String candidate : List.of("/usr/bin/setpriv", "/bin/setpriv")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "setpriv";
    }

    private static String sbin(String tool) {
        for (String dir : List.of("/usr/sbin/", "/sbin/", "/usr/bin/")) {
            if (Files.isExecutable(Path.of(dir + tool))) {
                return dir + tool;
            }
        }
        return tool;
    }

    private static void chownTree(Path dir, String user) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(user);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static byte[] sha1(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
