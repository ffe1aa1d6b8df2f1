package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the server artifacts (Elasticsearch zip, s3proxy jar) in the local Maven repository, where the build of
 * this module put them; downloads one from Maven Central into it when it is missing (e.g. a repository cleaned
 * since the build).
 */
final class MavenArtifacts {

    private static final Logger LOG = LoggerFactory.getLogger(MavenArtifacts.class);
    private static final Properties VERSIONS = loadVersions();

    static final String ELASTICSEARCH_VERSION = VERSIONS.getProperty("elasticsearch.version");
    static final String S3PROXY_VERSION = VERSIONS.getProperty("s3proxy.version");

    private MavenArtifacts() {
    }

    static Path elasticsearchZip() {
        return resolve("org.elasticsearch.distribution.integ-test-zip", "elasticsearch", ELASTICSEARCH_VERSION, null, "zip");
    }

    static Path s3proxyJar() {
        return resolve("org.gaul", "s3proxy", S3PROXY_VERSION, "jar-with-dependencies", "jar");
    }

    static Path resolve(String groupId, String artifactId, String version, String classifier, String extension) {
        String fileName = artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + extension;
        String relative = groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName;
        Path local = localRepository().resolve(relative);
        if (Files.isRegularFile(local)) {
            return local;
        }
        String remote = System.getProperty("registry.stack.maven-repository", "https://repo.maven.apache.org/maven2");
        LOG.warn("{} is not in the local Maven repository; downloading it from {}", fileName, remote);
        try {
            download(URI.create(remote + "/" + relative), local);
        } catch (IOException e) {
            throw new UncheckedIOException("could not download " + relative + " from " + remote
                    + " (build the service-stack module to get it into " + localRepository() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + relative, e);
        }
        return local;
    }

    /** {@code maven.repo.local}, else {@code <localRepository>} of ~/.m2/settings.xml, else ~/.m2/repository. */
    static Path localRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isReadable(settings)) {
            try {
                Matcher matcher = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>")
                        .matcher(Files.readString(settings));
                if (matcher.find()) {
                    return Path.of(matcher.group(1).replace("${user.home}", System.getProperty("user.home")));
                }
            } catch (IOException e) {
                LOG.debug("reading {}", settings, e);
            }
        }
        return m2.resolve("repository");
    }

    private static void download(URI uri, Path target) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(temp));
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + " answered " + response.statusCode());
            }
            HttpResponse<String> sha1 = http.send(HttpRequest.newBuilder(URI.create(uri + ".sha1")).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
            if (sha1.statusCode() == 200) {
                String expected = sha1.body().trim().split("\\s+")[0];
                String actual = sha1(temp);
                if (!expected.equalsIgnoreCase(actual)) {
                    throw new IOException("checksum mismatch for " + uri + ": expected " + expected + ", got " + actual);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String sha1(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties loadVersions() {
        Properties properties = new Properties();
        try (InputStream in = MavenArtifacts.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/registry/stack/versions.properties is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
