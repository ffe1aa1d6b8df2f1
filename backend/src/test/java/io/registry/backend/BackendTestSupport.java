package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.stack.SharedStack;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole backend on a random port, against the real service stack (native when there is no Docker),
 * with the local dev token issuer. Helpers speak plain HTTP, as a client would.
 */
@SpringBootTest(classes = RegistryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
public abstract class BackendTestSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void serviceStack(DynamicPropertyRegistry registry) throws IOException {
        SharedStack.get().springProperties().forEach((key, value) -> registry.add(key, () -> value));
        Path keyDir = Files.createTempDirectory("registry-dev-key");
        registry.add("registry.dev-tokens.key-file", () -> keyDir.resolve("dev-jwt-key.json").toString());
        registry.add("registry.kafka.topic", () -> "registry.entity-events.v1");
    }

    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected String token(String sub, String org, String... roles) {
        Response response = call("POST", "/dev/tokens", null,
                Map.of("sub", sub, "org", org, "roles", List.of(roles)));
        if (response.status() != 200) {
            throw new IllegalStateException("cannot get a dev token: " + response);
        }
        return response.json().get("token").asText();
    }

    protected Response call(String method, String path, String token, Object body) {
        return call(method, path, token, body, Map.of());
    }

    protected Response call(String method, String path, String token, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PUT bytes to a signed URL, exactly as a publisher's client would. */
    protected static int putBytes(String url, byte[] bytes) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Creates an entity in a zone, as {@code token}'s user; fails the test if it is refused. Answers the
     * consistency token of the creation.
     */
    protected String createEntity(String token, String entityId, String zone, String store) {
        Response created = call("POST", "/api/entities", token,
                Map.of("id", entityId, "zone_id", zone, "name", "Package " + entityId, "store", store));
        if (created.status() != 201) {
            throw new AssertionError("create " + entityId + ": " + created);
        }
        return created.json().get("consistency_token").asText();
    }

    /**
     * Publishes one version the way a client does: upload URL, PUT of the bytes, confirm with
     * {@code extra} confirm fields. Answers the confirm response (whatever its status).
     */
    protected Response publish(String token, String entityId, String versionId, Map<String, Object> extra) {
        return publish(token, entityId, versionId, null, extra);
    }

    /** As {@link #publish(String, String, String, Map)}, with a base version for lineage. */
    protected Response publish(String token, String entityId, String versionId, String baseVersionId,
                               Map<String, Object> extra) {
        Map<String, Object> request = new java.util.HashMap<>(
                Map.of("version", versionId, "source_hash", "sha256:" + entityId + versionId, "force", true));
        if (baseVersionId != null) {
            request.put("base_version_id", baseVersionId);
        }
        Response upload = call("POST", "/api/entities/" + entityId + "/versions/upload-url", token, request);
        if (upload.status() != 201) {
            throw new AssertionError("upload-url " + versionId + ": " + upload);
        }
        byte[] bytes = ("package " + entityId + " " + versionId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            int put = putBytes(upload.json().get("upload_url").asText(), bytes);
            if (put != 200) {
                throw new AssertionError("PUT to the signed URL answered " + put);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "storage_path", upload.json().get("storage_path").asText(),
                "version", versionId,
                "source_hash", "sha256:" + entityId + versionId,
                "file_size_bytes", bytes.length,
                "force", true));
        body.putAll(extra);
        return call("POST", "/api/entities/" + entityId + "/versions/confirm", token, body);
    }

    public record Response(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }
}
