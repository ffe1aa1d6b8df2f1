package io.registry.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.backend.RegistryApplication;
import io.registry.events.EventJson;
import io.registry.stack.Endpoints;
import io.registry.stack.ServiceStack;
import io.registry.stack.StackConfig;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The local service stack (PostgreSQL, Kafka, Elasticsearch, S3 as child processes) and the backend in this JVM on
 * a free port, in the {@code local} profile (dev tokens).
 */
public final class BenchTarget implements AutoCloseable {

    public static final String TOPIC = "registry.entity-events.v1";

    private final ServiceStack stack;
    private final Path stateDir;
    private final RestClient elasticsearch;
    /** What {@code ./run.sh} starts the backend with (keep the two the same: the benchmark measures what users run). */
    static final String BACKEND_JAVA_OPTS = "-Xmx448m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+ExitOnOutOfMemoryError";

    private Process backend;
    private String baseUrl;
    private final double stackSeconds;
    private double backendSeconds;

    private BenchTarget(ServiceStack stack, Path stateDir, double stackSeconds) {
        this.stack = stack;
        this.stateDir = stateDir;
        this.stackSeconds = stackSeconds;
        this.elasticsearch = RestClient.builder(HttpHost.create(stack.endpoints().elasticsearchUrl()))
                .setRequestConfigCallback(c -> c.setConnectTimeout(5_000).setSocketTimeout(120_000))
                .build();
    }

    /**
     * @param optimizingJit Elasticsearch, Kafka and s3proxy compile fully, as in production (the full run); the smoke
     *                      run keeps their fast C1-only start
     */
    public static BenchTarget start(Path stateDir, boolean optimizingJit, Consumer<String> progress) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        long begin = System.nanoTime();
        StackConfig config = StackConfig.freshIn(stateDir).withDurableCommits();
        if (optimizingJit) {
            config = config.withOptimizingJit();
        }
        ServiceStack stack = ServiceStack.start(config.withProgress(line -> progress.accept("  " + line)));
        return new BenchTarget(stack, stateDir, (System.nanoTime() - begin) / 1e9);
    }

    /**
     * Starts the backend (both sides) as its own JVM process on a free port, as {@code ./run.sh} runs it (the same
     * JVM options, {@link #BACKEND_JAVA_OPTS}), so that its memory and CPU are measured apart from the load generator
     * in this JVM. Its output goes to {@code workDir/backend.log}; with {@code BENCH_JFR} on (the default) a flight
     * recording to {@code workDir/backend.jfr}.
     */
    public void startBackend(Path workDir, Map<String, String> extraProperties) throws IOException {
        long begin = System.nanoTime();
        Files.createDirectories(workDir);
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, Object> properties = new HashMap<>(stack.springProperties());
        properties.put("server.port", Integer.toString(port));
        properties.put("registry.dev-tokens.key-file", workDir.resolve("dev-jwt-key.json").toString());
        properties.put("registry.kafka.topic", TOPIC);
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.profiles.active", "local");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.io.registry", "WARN");
        properties.putAll(extraProperties);
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(backendJavaOptions().split("\\s+")));
        // not a tuning option: if the backend runs out of heap, what filled it is there to read
        command.add("-XX:+HeapDumpOnOutOfMemoryError");
        command.add("-XX:HeapDumpPath=" + workDir);
        if (!"0".equals(System.getenv("BENCH_JFR"))) {
            command.add("-XX:StartFlightRecording=filename=" + workDir.resolve("backend.jfr")
                    + ",settings=profile,dumponexit=true");
        }
        command.addAll(List.of("-Daxoniq.update-checker.disabled=true", "-cp", System.getProperty("java.class.path"),
                RegistryApplication.class.getName()));
        // as command-line arguments: they outrank application.yml (server.port: ${PORT:8080})
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("backend.log").toFile());
        // as ./run.sh runs it: few malloc arenas (glibc's default, 8 per core, holds memory per thread)
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        backend = builder.start();
        baseUrl = "http://127.0.0.1:" + port;
        awaitHealthy(workDir.resolve("backend.log"));
        backendSeconds = (System.nanoTime() - begin) / 1e9;
    }

    /** The backend's JVM options: {@code BENCH_BACKEND_JAVA_OPTS}, else what {@code ./run.sh} uses. */
    static String backendJavaOptions() {
        String configured = System.getenv("BENCH_BACKEND_JAVA_OPTS");
        return configured != null && !configured.isBlank() ? configured.trim() : BACKEND_JAVA_OPTS;
    }

    private void awaitHealthy(Path log) throws IOException {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!backend.isAlive()) {
                throw new IllegalStateException("the backend exited with " + backend.exitValue() + "; see " + log);
            }
            try {
                var response = client.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(baseUrl + "/actuator/health")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        backend.destroyForcibly();
        throw new IllegalStateException("the backend did not become healthy within 180 s; see " + log);
    }

    public boolean backendRunning() {
        return backend != null && backend.isAlive();
    }

    /** The backend JVM's process id (for the resource sampler). */
    public long backendPid() {
        return backend.pid();
    }

    public void stopBackend() {
        if (backend != null) {
            backend.destroy();
            try {
                if (!backend.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    backend.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                backend.destroyForcibly();
            }
            backend = null;
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Endpoints endpoints() {
        return stack.endpoints();
    }

    public Path stateDir() {
        return stateDir;
    }

    public double stackSeconds() {
        return stackSeconds;
    }

    public double backendSeconds() {
        return backendSeconds;
    }

    public Connection jdbc() throws SQLException {
        Endpoints e = stack.endpoints();
        return DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), e.dbPassword());
    }

    public RestClient elasticsearch() {
        return elasticsearch;
    }

    /**
     * The typed client, configured as the query side configures its own, on its own REST client allowing
     * {@code connections} requests in flight (the default allows 10 per host). Close the returned REST client.
     */
    public ElasticsearchClient elasticsearchClient(int connections, java.util.List<RestClient> toClose) {
        RestClient rest = RestClient.builder(HttpHost.create(stack.endpoints().elasticsearchUrl()))
                .setRequestConfigCallback(c -> c.setConnectTimeout(5_000).setSocketTimeout(30_000))
                .setHttpClientConfigCallback(h -> h.setMaxConnPerRoute(connections).setMaxConnTotal(connections))
                .build();
        toClose.add(rest);
        ObjectMapper mapper = EventJson.configure(new ObjectMapper());
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(mapper)));
    }

    /** A raw Elasticsearch call; answers the parsed JSON body. */
    public JsonNode es(String method, String path, String jsonBody) {
        try {
            Request request = new Request(method, path);
            if (jsonBody != null) {
                request.setEntity(new StringEntity(jsonBody, ContentType.APPLICATION_JSON));
            }
            var response = elasticsearch.performRequest(request);
            String body = response.getEntity() == null ? "{}" : EntityUtils.toString(response.getEntity());
            return Http.JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** The PIDs of the service processes, by service name, as the stack lists them in its state folder. */
    public Map<String, List<Long>> servicePids() {
        Map<String, List<Long>> pids = new java.util.LinkedHashMap<>();
        Path file = stateDir.resolve("processes");
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    String[] parts = line.split("\t", 3);
                    if (parts.length >= 2) {
                        pids.computeIfAbsent(parts[1].trim(), k -> new java.util.ArrayList<>())
                                .add(Long.parseLong(parts[0].trim()));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall back to the descendants of this JVM below
        }
        if (pids.size() < 4) {
            ProcessHandle.current().children().forEach(child -> {
                String command = Procfs.cmdline(child.pid());
                String service = command.contains("postgres") ? "postgres"
                        : command.contains("elasticsearch") ? "elasticsearch"
                        : command.contains("kafka.Kafka") ? "kafka"
                        : command.contains("s3proxy") ? "s3proxy" : null;
                if (service != null && !pids.containsKey(service)) {
                    pids.put(service, new java.util.ArrayList<>(List.of(child.pid())));
                }
            });
        }
        return pids;
    }

    public static List<String> services() {
        return List.of("postgres", "elasticsearch", "kafka", "s3proxy");
    }

    @Override
    public void close() {
        try {
            stopBackend();
        } finally {
            try {
                elasticsearch.close();
            } catch (IOException ignored) {
                // closing
            }
            stack.close();
        }
    }
}
