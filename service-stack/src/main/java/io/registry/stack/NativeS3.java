package io.registry.stack;

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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * s3proxy (jar-with-dependencies, in a child JVM so its bundled libraries and logging stay out of this JVM) with
 * a filesystem blob store in {@code <state>/s3/data}: a bucket is a folder there. It checks AWS v2/v4 signatures,
 * presigned URLs included, against one fixed identity; the bucket is private, so unsigned requests get 403.
 */
final class NativeS3 {

    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "registry";
    static final String SECRET_KEY = "registry-secret";
    static final String BUCKET = "registry";

    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final StateDir state;
    private final Path dir;
    private final Path blobs;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private ChildProcess process;

    NativeS3(StateDir state, int port) {
        this.state = state;
        this.dir = state.serviceDir("s3");
        this.blobs = dir.resolve("data");
        this.port = port;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    void start() {
        Path jar = MavenArtifacts.s3proxyJar();
        Path properties = dir.resolve("s3proxy.properties");
        try {
            if (!state.persistent()) {
                StateDir.deleteRecursively(blobs);
            }
            Files.createDirectories(blobs);
            makePrivate(blobs.resolve(BUCKET));
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + blobs,
                    ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(Processes.javaExecutable(), "-Xms32m", "-Xmx192m",
                "-XX:+UseSerialGC"));
        command.addAll(state.jitOptions());
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Dregistry.stack.dir=" + state.root(),
                "-jar", jar.toString(), "--properties", properties.toString()));
        process = ChildProcess.start("s3proxy", command, dir, Map.of("LOG_LEVEL", "info"), state, properties.toString());
        process.awaitReady(Duration.ofSeconds(60), this::answers);
    }

    /**
     * s3proxy's filesystem blob store has no ACL of its own: a bucket is public-read when its folder is readable by
     * others, an object when its file is. A bucket folder created with the usual umask (0755) therefore let anyone
     * list every key without a signature. The bucket is private (signed requests only): its folder is created 0700,
     * and a folder kept from an earlier run loses every group and other permission, with everything in it (s3proxy
     * writes objects without the others bit already; this also covers objects written before).
     */
    private static void makePrivate(Path bucket) throws IOException {
        if (!Files.isDirectory(bucket)) {
            Files.createDirectory(bucket, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        try (Stream<Path> all = Files.walk(bucket)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                if (permissions.removeAll(GROUP_AND_OTHERS)) {
                    Files.setPosixFilePermissions(path, permissions);
                }
            }
        }
    }

    /** Any HTTP answer (403 without credentials) means Jetty and the blob store are up. */
    private boolean answers() {
        if (!Ports.accepts(port)) {
            return false;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop() {
        if (process != null) {
            process.stop("TERM", Duration.ofSeconds(15));
            process = null;
        }
    }
}
