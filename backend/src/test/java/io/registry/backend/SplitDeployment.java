package io.registry.backend;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.registry.api.security.DevKeyFile;
import io.registry.api.security.DevTokenSigner;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The registry as it runs in production: the command side's and the query side's executable jars as separate
 * processes, several instances of each, behind nginx serving {@code deploy/nginx.conf} rendered for their ports,
 * in an {@link IsolatedDeployment} of the shared service stack (the processes get its endpoints as the
 * environment variables the README documents: the external shape).
 *
 * <p>Tokens: the command sides run the {@code local} profile, so {@code POST /dev/tokens} through the gateway
 * issues them, all signed with one key file that {@link DevKeyFile} creates (from the command side's jar, as
 * docker-compose's one-shot does) before any instance starts. The query sides run without it, as in production:
 * they verify tokens with the issuer's JWKS, which this class serves (the public half of that key).
 *
 * <p>Everything runs in a fresh folder under {@code <tmp>/registry-split-<user>/}; {@link #close()} stops every
 * process and deletes it, so does a shutdown hook, and the next {@link #create} stops what a test JVM that died
 * without either left running.
 */
final class SplitDeployment implements AutoCloseable {

    enum Side {
        COMMAND("command-side"), QUERY("query-side");

        final String module;

        Side(String module) {
            this.module = module;
        }
    }

    /** One process of the deployment; {@code name} is its node id in the token store. */
    record Instance(String name, Side side, int port, Process process) {
        RegistryClient client() {
            return new RegistryClient("http://127.0.0.1:" + port);
        }
    }

    private static final Path PARENT = Path.of(System.getProperty("java.io.tmpdir"),
            "registry-split-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_"));
    private static final String MARKER = "-Dregistry.split-deployment-dir=";
    private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final IsolatedDeployment deployment;
    private final Path dir;
    private final Path keyFile;
    private final HttpServer jwks;
    private final Thread shutdownHook;
    private final List<Instance> instances = new CopyOnWriteArrayList<>();
    private Process gateway;
    private int gatewayPort;
    private boolean closed;

    private SplitDeployment(IsolatedDeployment deployment, Path dir, Path keyFile, HttpServer jwks) {
        this.deployment = deployment;
        this.dir = dir;
        this.keyFile = keyFile;
        this.jwks = jwks;
        this.shutdownHook = new Thread(this::stopEverything, "split-deployment-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A deployment of its own (database, indices), its folder, the signing key and the JWKS; nothing runs yet. */
    static SplitDeployment create(String purpose) throws IOException, InterruptedException {
        Files.createDirectories(PARENT);
        sweepAbandoned();
        Path dir = PARENT.resolve("run-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path keyFile = dir.resolve("dev-jwt-key.json");
        createKey(dir, keyFile);
        HttpServer jwks = serveJwks(keyFile);
        return new SplitDeployment(IsolatedDeployment.create(purpose), dir, keyFile, jwks);
    }

    IsolatedDeployment deployment() {
        return deployment;
    }

    /** Starts one instance of a side (without waiting for it); {@code name} becomes its {@code REGISTRY_NODE_ID}. */
    Instance start(Side side, String name) throws IOException {
        int port = freePort();
        List<String> command = List.of(java(), "-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError", MARKER + dir, "-jar", RepositoryFiles.execJar(side.module).toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("SPRING_") || key.startsWith("REGISTRY_"));
        deployment.properties().forEach((property, value) -> env.put(environmentName(property), value));
        env.put("PORT", Integer.toString(port));
        env.put("REGISTRY_NODE_ID", name);
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        if (side == Side.COMMAND) {
            env.put("SPRING_PROFILES_ACTIVE", "local");
            env.put("REGISTRY_DEV_TOKENS_KEY_FILE", keyFile.toString());
        } else {
            env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI",
                    "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
            env.put("REGISTRY_SECURITY_ISSUER", DevTokenSigner.ISSUER);
        }
        Process process = builder.start();
        Files.writeString(dir.resolve(name + ".pid"), Long.toString(process.pid()));
        Instance instance = new Instance(name, side, port, process);
        instances.add(instance);
        return instance;
    }

    /** Waits until each answers {@code GET /actuator/health} with 200. */
    void awaitReady(Duration timeout, Instance... waitFor) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Instance instance : waitFor) {
            RegistryClient client = instance.client();
            while (true) {
                if (!instance.process().isAlive()) {
                    throw new IllegalStateException(instance.name() + " exited with " + instance.process().exitValue()
                            + " before it was ready; end of its log:\n" + logTail(instance.name(), 60));
                }
                try {
                    if (client.send("GET", "/actuator/health", null, null, Map.of()).status() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(instance.name() + " not ready within " + timeout.toSeconds()
                            + " s; end of its log:\n" + logTail(instance.name(), 60));
                }
                Thread.sleep(250);
            }
        }
    }

    /**
     * Starts nginx on {@code deploy/nginx.conf} rendered for every instance started so far, in a main
     * configuration of its own (one process, its own pid file, logs and temporary folders), and waits until
     * {@code GET /actuator/health} through it answers 200.
     */
    void startGateway(Duration timeout) throws IOException, InterruptedException {
        Path nginx = Nginx.executable();
        Path home = dir.resolve("gateway");
        Files.createDirectories(home);
        gatewayPort = freePort();
        String rendered = GatewayTemplate.load().render(Map.of(
                GatewayTemplate.PORT, "127.0.0.1:" + gatewayPort,
                GatewayTemplate.COMMAND_SIDE_SERVERS, GatewayTemplate.servers(portsOf(Side.COMMAND)),
                GatewayTemplate.QUERY_SIDE_SERVERS, GatewayTemplate.servers(portsOf(Side.QUERY))));
        Files.writeString(home.resolve("registry.conf"), rendered, StandardCharsets.UTF_8);
        Files.writeString(home.resolve("nginx.conf"), String.join("\n",
                "# The test's own main configuration around the rendered deploy/nginx.conf.",
                "daemon off;",
                "master_process off;",
                "pid " + home.resolve("nginx.pid") + ";",
                "error_log " + home.resolve("error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "    access_log " + home.resolve("access.log") + ";",
                "    client_body_temp_path " + home.resolve("client_body") + ";",
                "    proxy_temp_path " + home.resolve("proxy") + ";",
                "    fastcgi_temp_path " + home.resolve("fastcgi") + ";",
                "    uwsgi_temp_path " + home.resolve("uwsgi") + ";",
                "    scgi_temp_path " + home.resolve("scgi") + ";",
                "    include " + home.resolve("registry.conf") + ";",
                "}", ""), StandardCharsets.UTF_8);
        gateway = new ProcessBuilder(nginx.toString(), "-p", home.toString(), "-e", home.resolve("error.log").toString(),
                "-c", home.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("nginx.out").toFile()))
                .start();
        Files.writeString(dir.resolve("gateway.pid"), Long.toString(gateway.pid()));
        long deadline = System.nanoTime() + timeout.toNanos();
        RegistryClient client = gateway();
        while (true) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("nginx exited with " + gateway.exitValue() + ":\n"
                        + tail(home.resolve("nginx.out"), 20) + "\n" + tail(home.resolve("error.log"), 20));
            }
            try {
                if (client.send("GET", "/actuator/health", null, null, Map.of()).status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not answer UP within " + timeout.toSeconds() + " s:\n"
                        + tail(home.resolve("error.log"), 20));
            }
            Thread.sleep(100);
        }
    }

    /** The one base URL clients use. */
    RegistryClient gateway() {
        return new RegistryClient("http://127.0.0.1:" + gatewayPort);
    }

    List<Instance> instances() {
        return List.copyOf(instances);
    }

    /** SIGKILL, and waits until it is gone. */
    void kill(Instance instance) throws Exception {
        instance.process().destroyForcibly();
        instance.process().onExit().get(30, TimeUnit.SECONDS);
    }

    /** A connection to the deployment's database (its event store and token store). */
    Connection database() throws SQLException {
        Map<String, String> properties = deployment.properties();
        return DriverManager.getConnection(deployment.jdbcUrl(), properties.get("spring.datasource.username"),
                properties.get("spring.datasource.password"));
    }

    String logTail(String name, int lines) {
        return tail(log(name), lines);
    }

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
        List<Process> running = new ArrayList<>();
        if (gateway != null) {
            running.add(gateway);
        }
        instances.forEach(instance -> running.add(instance.process()));
        running.stream().filter(Process::isAlive).forEach(Process::destroy); // SIGTERM: all at once, they stop in parallel
        for (Process process : running) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        jwks.stop(0);
        deleteRecursively(dir);
    }

    private List<Integer> portsOf(Side side) {
        return instances.stream().filter(i -> i.side() == side).map(Instance::port).toList();
    }

    private Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** Spring's environment-variable form of a property: upper case, '.' and '-' as '_'. */
    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Runs {@link DevKeyFile} from the command side's executable jar, as docker-compose's one-shot does. */
    private static void createKey(Path dir, Path keyFile) throws IOException, InterruptedException {
        Path log = dir.resolve("dev-key.log");
        Process process = new ProcessBuilder(java(), "-cp", RepositoryFiles.execJar(Side.COMMAND.module).toString(),
                "-Dloader.main=" + DevKeyFile.class.getName(), MARKER + dir, PROPERTIES_LAUNCHER, keyFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(keyFile)) {
            process.destroyForcibly();
            throw new IllegalStateException("creating the dev key failed:\n" + tail(log, 30));
        }
    }

    /** The token issuer's JWKS endpoint: the public half of the key the command sides sign with. */
    private static HttpServer serveJwks(Path keyFile) throws IOException {
        byte[] body;
        try {
            body = new JWKSet(RSAKey.parse(Files.readString(keyFile)).toPublicJWK()).toString()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (ParseException e) {
            throw new IllegalStateException("unreadable key " + keyFile, e);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file, int lines) {
        try (Stream<String> all = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            List<String> kept = all.toList();
            return String.join("\n", kept.subList(Math.max(0, kept.size() - lines), kept.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no " + file + ": " + e + ")";
        }
    }

    /** Folders of test JVMs that died without closing their deployment: stop what still runs there, delete them. */
    private static void sweepAbandoned() throws IOException {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(PARENT, "run-*")) {
            for (Path run : runs) {
                String[] parts = run.getFileName().toString().split("-");
                if (parts.length < 3 || !parts[1].matches("\\d+")
                        || ProcessHandle.of(Long.parseLong(parts[1])).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(run, "*.pid")) {
                    for (Path pidFile : pidFiles) {
                        processStartedIn(run, pidFile).ifPresent(process -> {
                            process.destroyForcibly();
                            process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
                        });
                    }
                }
                deleteRecursively(run);
            }
        }
    }

    /** The process a pid file names, while that PID still runs something started in {@code run}. */
    private static Optional<ProcessHandle> processStartedIn(Path run, Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(p -> p.info().commandLine()
                    .map(line -> line.contains(run.toString())).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary folder
        }
    }

    /** The nginx executable of this machine. */
    static final class Nginx {
        private Nginx() {
        }

        /** nginx on the PATH, or in the sbin folders a non-root PATH often lacks; a clear failure when there is none. */
        static Path executable() {
            List<Path> candidates = new ArrayList<>();
            String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    candidates.add(Path.of(entry, "nginx"));
                }
            }
            Stream.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin", "/sbin")
                    .forEach(folder -> candidates.add(Path.of(folder, "nginx")));
            return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                    "nginx is needed by the production-shape tests and was not found (PATH and the usual sbin folders): "
                            + "run the tests with ./test.sh, which installs it (Debian package nginx-light) when run as root, "
                            + "or install it yourself: apt-get install nginx-light"));
        }
    }
}
