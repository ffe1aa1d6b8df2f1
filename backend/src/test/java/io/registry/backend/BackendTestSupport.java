package io.registry.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The whole backend on a random port, against the real service stack (native when there is no Docker),
 * with the local dev token issuer. Helpers speak plain HTTP, as a client would ({@link RegistryClient}).
 *
 * <p>Metrics are published as in production ({@code /actuator/prometheus}), which Spring Boot's tests turn off
 * unless asked.
 *
 * <p>Spring caches one application context per test configuration and keeps every one of them running; each
 * context gets an {@link IsolatedDeployment} of its own (database and read-model indices), so that no other context's
 * processors claim its token-store segments, publish its events or rebuild its read model.
 */
@SpringBootTest(classes = RegistryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ActiveProfiles("local")
public abstract class BackendTestSupport {

    protected static final ObjectMapper JSON = RegistryClient.JSON;
    protected static final HttpClient HTTP = RegistryClient.HTTP;

    @LocalServerPort
    protected int port;

    /** Runs once per application context Spring builds (not per test class using a cached one). */
    @DynamicPropertySource
    static void serviceStack(DynamicPropertyRegistry registry) throws IOException {
        IsolatedDeployment.create("backend").properties().forEach((key, value) -> registry.add(key, () -> value));
        Path keyDir = Files.createTempDirectory("registry-dev-key");
        registry.add("registry.dev-tokens.key-file", () -> keyDir.resolve("dev-jwt-key.json").toString());
        registry.add("registry.kafka.topic", () -> "registry.entity-events.v1");
    }

    protected RegistryClient client() {
        return new RegistryClient("http://localhost:" + port);
    }

    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected String token(String sub, String org, String... roles) {
        return client().token(sub, org, roles);
    }

    protected Response call(String method, String path, String token, Object body) {
        return client().call(method, path, token, body);
    }

    protected Response call(String method, String path, String token, Object body, Map<String, String> headers) {
        return client().call(method, path, token, body, headers);
    }

    /** A GET that waits for the write {@code after} answered (its {@code consistency_token}). */
    protected Response readAfter(String token, String path, Response after) {
        return call("GET", path, token, null,
                Map.of("X-Consistency-Token", after.json().get("consistency_token").asText()));
    }

    /** PUT bytes to a signed URL, exactly as a publisher's client would. */
    protected static int putBytes(String url, byte[] bytes) throws IOException, InterruptedException {
        return RegistryClient.putBytes(url, bytes);
    }

    /**
     * Creates an entity in a zone, as {@code token}'s user; fails the test if it is refused. Answers the
     * consistency token of the creation.
     */
    protected String createEntity(String token, String entityId, String zone, String store) {
        return client().createEntity(token, entityId, zone, store);
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
        return client().publish(token, entityId, versionId, baseVersionId, extra);
    }
}
