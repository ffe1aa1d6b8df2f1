package io.registry.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peer: Verdaccio 6.8.0 from the npm registry, installed with npm into {@code dir} (not committed), run with
 * Node on a free loopback port with its own storage, no uplinks, publishing for authenticated users. Publishes are
 * what {@code npm publish} sends: a PUT of the packument holding the one new version and its tarball as a base64
 * attachment.
 */
final class Verdaccio implements AutoCloseable {

    static final String VERSION = "6.8.0";

    private final Path dir;
    private final Http http;
    private Process process;
    private int port;
    private String token;

    private Verdaccio(Path dir, Http http) {
        this.dir = dir;
        this.http = http;
    }

    /** Installs (unless already there) Verdaccio into {@code dir}; throws with a readable reason when it cannot. */
    static Verdaccio install(Path dir, Http http, Duration limit) throws Exception {
        Files.createDirectories(dir);
        Path installed = dir.resolve("node_modules/verdaccio/package.json");
        if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \"" + VERSION + "\"")) {
            String node = run(dir, Duration.ofSeconds(20), "node", "--version").trim();
            int major = Integer.parseInt(node.replace("v", "").split("\\.")[0]);
            if (major < 18) {
                throw new IllegalStateException("Node " + node + " is too old for Verdaccio " + VERSION);
            }
            // 6.8.0 runs on Node 20; its tree asks for node-fetch@cjs, a dist-tag not every registry serves
            Files.writeString(dir.resolve("package.json"), "{\n  \"name\": \"bench-verdaccio\",\n  \"private\": true,\n"
                    + "  \"dependencies\": {\"verdaccio\": \"" + VERSION + "\"},\n"
                    + "  \"overrides\": {\"node-fetch\": \"2.7.0\"}\n}\n");
            run(dir, limit, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--omit=dev");
        }
        if (!Files.exists(dir.resolve("node_modules/verdaccio/bin/verdaccio"))) {
            throw new IllegalStateException("npm install left no node_modules/verdaccio/bin/verdaccio");
        }
        return new Verdaccio(dir, http);
    }

    /** Empty storage and no users: every run starts like a fresh install. */
    void reset() throws IOException {
        for (String name : List.of("storage", "htpasswd", "verdaccio.log")) {
            Path path = dir.resolve(name);
            if (Files.isDirectory(path)) {
                try (var walk = Files.walk(path)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } else {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Writes a package with {@code versions} versions straight into the storage (like the event-store seeding). */
    void seed(String name, int versions) throws IOException {
        Path pkg = dir.resolve("storage").resolve(name);
        Files.createDirectories(pkg);
        ObjectNode doc = Http.JSON.createObjectNode();
        doc.put("name", name);
        ObjectNode all = doc.putObject("versions");
        ObjectNode time = Http.JSON.createObjectNode();
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        String last = null;
        byte[] tarball = PublishWorkload.smallTarball();
        for (int v = 0; v < versions; v++) {
            String version = "1.0." + v;
            all.set(version, manifest(name, version, "http://127.0.0.1:" + port, tarball));
            time.put(version, at.plusSeconds(v).toString());
            last = version;
        }
        time.put("created", at.toString());
        time.put("modified", at.plusSeconds(versions).toString());
        doc.set("time", time);
        doc.putObject("users");
        doc.putObject("dist-tags").put("latest", last);
        doc.putObject("_uplinks");
        doc.putObject("_distfiles");
        doc.putObject("_attachments");
        doc.put("_rev", versions + "-" + HexFormat.of().formatHex(new byte[8]));
        doc.put("readme", "");
        Files.write(pkg.resolve("package.json"), Http.JSON.writeValueAsBytes(doc));
    }

    void start(Duration limit) throws Exception {
        port = freePort();
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, String.join("\n",
                "storage: " + dir.resolve("storage"),
                "auth:",
                "  htpasswd:",
                "    file: " + dir.resolve("htpasswd"),
                "    max_users: 1000",
                "uplinks: {}",
                "packages:",
                "  '**':",
                "    access: $all",
                "    publish: $authenticated",
                "    unpublish: $authenticated",
                "max_body_size: 200mb",
                // JWT API tokens: the legacy default (AES tokens) re-checks the password with bcrypt on every
                // request, ~70 ms per publish, which would measure bcrypt rather than the registry
                "security:",
                "  api:",
                "    legacy: false",
                "    jwt:",
                "      sign:",
                "        expiresIn: 7d",
                "web:",
                "  enable: false",
                "log: { type: stdout, format: pretty, level: warn }",
                ""));
        ProcessBuilder builder = new ProcessBuilder("node", dir.resolve("node_modules/verdaccio/bin/verdaccio").toString(),
                "--config", config.toString(), "--listen", "127.0.0.1:" + port)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("verdaccio.log").toFile()));
        builder.environment().put("NODE_ENV", "production");
        process = builder.start();
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Verdaccio exited with " + process.exitValue() + ": "
                        + tail(dir.resolve("verdaccio.log")));
            }
            try {
                if (http.send("GET", url("/-/ping"), Map.of(), null).status() == 200) {
                    break;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Verdaccio did not answer within " + limit);
            }
            Thread.sleep(200);
        }
        Http.Response user = http.json("PUT", url("/-/user/org.couchdb.user:bench"), null, Map.of(
                "_id", "org.couchdb.user:bench", "name", "bench", "password", "bench-password-1",
                "type", "user", "roles", List.of(), "date", Instant.now().toString()));
        if (user.status() != 201) {
            throw new IllegalStateException("creating the Verdaccio user answered " + user);
        }
        token = user.json().path("token").asText();
    }

    long pid() {
        return process.pid();
    }

    /** One {@code npm publish}: PUT /{name} with the new version's manifest and its tarball attached. */
    void publish(String name, String version, byte[] tarball) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("_id", name);
        body.put("name", name);
        body.put("description", "benchmark package");
        body.putObject("dist-tags").put("latest", version);
        body.putObject("versions").set(version, manifest(name, version, "http://127.0.0.1:" + port, tarball));
        body.putNull("access");
        ObjectNode attachment = body.putObject("_attachments").putObject(name + "-" + version + ".tgz");
        attachment.put("content_type", "application/octet-stream");
        attachment.put("data", Base64.getEncoder().encodeToString(tarball));
        attachment.put("length", tarball.length);
        try {
            Http.Response response = http.send("PUT", url("/" + name), Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + token, "npm-command", "publish"), Http.JSON.writeValueAsBytes(body));
            if (response.status() != 201 && response.status() != 200) {
                throw new IllegalStateException("Verdaccio publish " + name + "@" + version + ": " + response);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The full packument (every version's manifest). Answers its size in bytes. */
    int packument(String name) {
        Http.Response response = http.send("GET", url("/" + name), Map.of("Accept", "application/json",
                "Authorization", "Bearer " + token), null);
        if (response.status() != 200) {
            throw new IllegalStateException("Verdaccio GET /" + name + ": " + response);
        }
        return response.body().length;
    }

    private static ObjectNode manifest(String name, String version, String base, byte[] tarball) {
        ObjectNode manifest = Http.JSON.createObjectNode();
        manifest.put("name", name);
        manifest.put("version", version);
        manifest.put("description", "benchmark package");
        manifest.put("main", "index.js");
        manifest.putObject("scripts").put("test", "echo \"Error: no test specified\" && exit 1");
        manifest.put("author", "bench");
        manifest.put("license", "MIT");
        manifest.put("readme", "ERROR: No README data found!");
        manifest.put("_id", name + "@" + version);
        manifest.put("_nodeVersion", "20.20.2");
        manifest.put("_npmVersion", "11.19.1");
        ObjectNode dist = manifest.putObject("dist");
        dist.put("integrity", "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", tarball)));
        dist.put("shasum", HexFormat.of().formatHex(digest("SHA-1", tarball)));
        dist.put("tarball", base + "/" + name + "/-/" + name + "-" + version + ".tgz");
        return manifest;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String run(Path dir, Duration limit, String... command) throws Exception {
        Path log = Files.createTempFile(dir, "cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                        + lastLines(output, 5));
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path file) {
        try {
            return lastLines(Files.readString(file, StandardCharsets.UTF_8), 10);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    static Map<String, Object> describe() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "verdaccio");
        info.put("version", VERSION);
        return info;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
