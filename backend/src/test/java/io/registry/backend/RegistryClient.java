package io.registry.backend;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's HTTP API as a client uses it, against one base URL (a test's own backend, a query side, a
 * backend in another process). The flows are the documented ones: a dev token, commands, upload URL then PUT of
 * the bytes then confirm. Every exchange is checked against the API document ({@link ContractCheck}).
 */
public class RegistryClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    /** Its requests are malformed on purpose: the contract check validates only their responses. */
    private final boolean invalidOnPurpose;

    public RegistryClient(String baseUrl) {
        this(baseUrl, false);
    }

    private RegistryClient(String baseUrl, boolean invalidOnPurpose) {
        this.baseUrl = baseUrl;
        this.invalidOnPurpose = invalidOnPurpose;
    }

    /** The same client for requests that are malformed on purpose (their answers are still checked). */
    public RegistryClient invalidOnPurpose() {
        return new RegistryClient(baseUrl, true);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A token from the local profile's {@code POST /dev/tokens}. */
    public String token(String sub, String org, String... roles) {
        Response response = call("POST", "/dev/tokens", null,
                Map.of("sub", sub, "org", org, "roles", List.of(roles)));
        if (response.status() != 200) {
            throw new IllegalStateException("cannot get a dev token: " + response);
        }
        return response.json().get("token").asText();
    }

    public Response call(String method, String path, String token, Object body) {
        return call(method, path, token, body, Map.of());
    }

    public Response call(String method, String path, String token, Object body, Map<String, String> headers) {
        try {
            return send(method, path, token, body, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #call}, but an unreachable server is an {@link IOException} (a crash test expects some). */
    public Response send(String method, String path, String token, Object body, Map<String, String> headers)
            throws IOException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
            Map<String, List<String>> sent = new java.util.LinkedHashMap<>();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
                sent.put("Authorization", List.of("Bearer " + token));
            }
            headers.forEach(request::header);
            headers.forEach((name, value) -> sent.put(name, List.of(value)));
            String json = null;
            if (body != null) {
                json = JSON.writeValueAsString(body);
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
                sent.put("Content-Type", List.of("application/json"));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            ContractCheck.verify(new ContractCheck.Exchange(method, path, sent, json, response.statusCode(),
                    response.headers().map(), response.body()), invalidOnPurpose);
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PUT bytes to a signed URL, exactly as a publisher's client would. */
    public static int putBytes(String url, byte[] bytes) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        // as S3 clients do (the AWS SDKs retry 500 and 503): the filesystem store of the local stack (s3proxy) answers
        // 500 when a PUT creates a folder at the moment a delete of the last object beside it removes that folder
        int status = 0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 500) {
                return status;
            }
            Thread.sleep(50L * attempt);
        }
        return status;
    }

    /**
     * Creates an entity in a zone, as {@code token}'s user; fails if it is refused. Answers the consistency
     * token of the creation.
     */
    public String createEntity(String token, String entityId, String zone, String store) {
        Response created = call("POST", "/api/entities", token,
                Map.of("id", entityId, "zone_id", zone, "name", "Package " + entityId, "store", store));
        if (created.status() != 201) {
            throw new AssertionError("create " + entityId + ": " + created);
        }
        return created.json().get("consistency_token").asText();
    }

    /**
     * Publishes one version the way a client does: upload URL, PUT of the bytes, confirm with {@code extra}
     * confirm fields. Answers the confirm response (whatever its status).
     */
    public Response publish(String token, String entityId, String versionId, String baseVersionId,
                            Map<String, Object> extra) {
        try {
            return tryPublish(token, entityId, versionId, baseVersionId, extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #publish}, but an unreachable server or storage is an {@link IOException}. */
    public Response tryPublish(String token, String entityId, String versionId, String baseVersionId,
                               Map<String, Object> extra) throws IOException {
        Map<String, Object> request = new HashMap<>(
                Map.of("version", versionId, "source_hash", "sha256:" + entityId + versionId, "force", true));
        if (baseVersionId != null) {
            request.put("base_version_id", baseVersionId);
        }
        Response upload = send("POST", "/api/entities/" + entityId + "/versions/upload-url", token, request, Map.of());
        if (upload.status() != 201) {
            throw new AssertionError("upload-url " + versionId + ": " + upload);
        }
        byte[] bytes = ("package " + entityId + " " + versionId).getBytes(StandardCharsets.UTF_8);
        try {
            int put = putBytes(upload.json().get("upload_url").asText(), bytes);
            if (put != 200) {
                throw new AssertionError("PUT to the signed URL answered " + put);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Object> body = new HashMap<>(Map.of(
                "storage_path", upload.json().get("storage_path").asText(),
                "version", versionId,
                "source_hash", "sha256:" + entityId + versionId,
                "file_size_bytes", bytes.length,
                "force", true));
        body.putAll(extra);
        return send("POST", "/api/entities/" + entityId + "/versions/confirm", token, body, Map.of());
    }
}
