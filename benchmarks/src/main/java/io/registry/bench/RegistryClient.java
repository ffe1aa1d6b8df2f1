package io.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.consistency.ConsistencyToken;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Our registry over HTTP, as a publisher's client uses it. */
final class RegistryClient {

    static final String USER = "bench";
    static final String ORG = "bench-org";

    private final Http http;
    private final String base;
    private String token;

    RegistryClient(Http http, String base) {
        this.http = http;
        this.base = base;
    }

    void login() {
        token = devToken(USER, List.of());
    }

    /** A dev token for an operator with the admin role. */
    String adminToken() {
        return devToken("bench-admin", List.of("admin"));
    }

    private String devToken(String sub, List<String> roles) {
        Http.Response response = http.json("POST", base + "/dev/tokens", null,
                Map.of("sub", sub, "org", ORG, "roles", roles));
        if (response.status() != 200) {
            throw new IllegalStateException("POST /dev/tokens answered " + response);
        }
        return response.json().get("token").asText();
    }

    Http.Response call(String method, String path, String bearer, Object body) {
        return http.json(method, base + path, bearer, body);
    }

    void createEntity(String entityId, String zone) {
        Http.Response response = http.json("POST", base + "/api/entities", token,
                Map.of("id", entityId, "zone_id", zone, "name", "Package " + entityId, "store", "private"));
        if (response.status() != 201) {
            throw new IllegalStateException("create " + entityId + ": " + response);
        }
    }

    /** Steps of one publish, in nanoseconds, and the consistency token of its last event. */
    record Published(long uploadUrlNanos, long putNanos, long confirmNanos, ConsistencyToken token) {
    }

    /** upload-url, PUT of the bytes to the signed URL, confirm (set as active, like npm's "latest"). */
    Published publish(String entityId, String versionId, byte[] bytes) {
        String hash = "sha256:" + Integer.toHexString(entityId.hashCode()) + "-" + versionId;
        long t0 = System.nanoTime();
        Http.Response upload = http.json("POST", base + "/api/entities/" + entityId + "/versions/upload-url", token,
                Map.of("version", versionId, "source_hash", hash, "force", true));
        if (upload.status() != 201) {
            throw new IllegalStateException("upload-url " + entityId + "@" + versionId + ": " + upload);
        }
        JsonNode ticket = upload.json();
        long t1 = System.nanoTime();
        // retried on 5xx as S3 clients do (s3proxy's filesystem store answers 500 when a PUT creates a folder that a
        // delete beside it removes at the same moment); the time includes the retries
        Http.Response put = null;
        for (int attempt = 1; attempt <= 3 && (put == null || put.status() >= 500); attempt++) {
            put = http.send("PUT", ticket.get("upload_url").asText(),
                    Map.of("Content-Type", "application/octet-stream"), bytes);
        }
        if (put.status() != 200) {
            throw new IllegalStateException("PUT to the signed URL: " + put);
        }
        long t2 = System.nanoTime();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("storage_path", ticket.get("storage_path").asText());
        body.put("version", versionId);
        body.put("source_hash", hash);
        body.put("file_size_bytes", bytes.length);
        body.put("force", true);
        body.put("set_as_active", true);
        body.put("package_json", Map.of("name", entityId, "version", versionId, "main", "index.js"));
        Http.Response confirm = http.json("POST", base + "/api/entities/" + entityId + "/versions/confirm", token, body);
        if (confirm.status() != 201) {
            throw new IllegalStateException("confirm " + entityId + "@" + versionId + ": " + confirm);
        }
        long t3 = System.nanoTime();
        ConsistencyToken consistency = ConsistencyToken.decode(confirm.json().path("consistency_token").asText())
                .orElseThrow(() -> new IllegalStateException("confirm answered no consistency token: " + confirm));
        return new Published(t1 - t0, t2 - t1, t3 - t2, consistency);
    }

    /** ShareEntity: one EntityShared event. */
    void share(String entityId, String userId) {
        Http.Response response = http.json("PUT", base + "/api/entities/" + entityId + "/shares/" + userId, token, null);
        if (response.status() != 200) {
            throw new IllegalStateException("share " + entityId + " with " + userId + ": " + response);
        }
    }

    /**
     * The versions export (NDJSON, every version in one response): {@code gzip} sends {@code Accept-Encoding: gzip};
     * {@code ifNoneMatch} (or null) makes it a conditional GET. The body is left as sent (this client never inflates).
     */
    Http.Response export(String zone, String entityId, boolean gzip, String ifNoneMatch) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        if (gzip) {
            headers.put("Accept-Encoding", "gzip");
        }
        if (ifNoneMatch != null) {
            headers.put("If-None-Match", ifNoneMatch);
        }
        String url = base + "/zones/" + zone + "/packages/" + entityId + "/versions/export";
        Http.Response response = http.send("GET", url, headers, null);
        if (response.status() != 200 && response.status() != 304) {
            throw new IllegalStateException("GET " + url + ": " + response);
        }
        return response;
    }

    /** One page of the zone listing. */
    JsonNode page(String zone, String entityId, String after) {
        String url = base + "/zones/" + zone + "/packages/" + entityId + "/versions?limit=100"
                + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, java.nio.charset.StandardCharsets.UTF_8));
        Http.Response response = http.json("GET", url, token, null);
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + url + ": " + response);
        }
        return response.json();
    }
}
