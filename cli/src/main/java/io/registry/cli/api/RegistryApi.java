package io.registry.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.registry.cli.CliContext;
import io.registry.cli.CliFailure;
import io.registry.cli.ExitCode;
import io.registry.cli.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The registry's HTTP API as the CLI uses it. Every command (POST, PUT, DELETE) carries an
 * {@code X-Client-Request-ID} of its own, the same on every retry, so a command the network or the server interrupted
 * is sent again safely (the registry replays the first answer instead of deciding twice). Reads of an entity send
 * back the consistency token of this user's last write to it ({@link WriteTokens}).
 */
public final class RegistryApi {

    public static final String REQUEST_ID = "X-Client-Request-ID";
    public static final String CONSISTENCY_TOKEN = "X-Consistency-Token";
    /** Longer than the gateway's upstream timeout (60 s), so its 504 arrives rather than our own timeout. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(70);

    private final CliContext context;
    private final Endpoint endpoint;
    private final WriteTokens writes;

    public RegistryApi(CliContext context, Endpoint endpoint) {
        this.context = context;
        this.endpoint = endpoint;
        this.writes = new WriteTokens(context.configDirectory());
    }

    /** The registry of the environment and the stored login ({@link LoginFile#endpoint}). */
    public static RegistryApi connect(CliContext context) {
        return new RegistryApi(context, LoginFile.endpoint(context));
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * A GET; {@code entityId} (or null) names the entity whose last write the read waits for. A query value is a
     * string, or a list of strings for a parameter given once per value; null values are left out.
     */
    public ApiAnswer read(String entityId, String path, Map<String, ?> query) {
        Map<String, String> headers = new LinkedHashMap<>();
        String token = entityId == null ? null : writes.lastWrite(endpoint.baseUrl(), entityId);
        if (token != null) {
            headers.put(CONSISTENCY_TOKEN, token);
        }
        return exchange("GET", path, query, null, headers);
    }

    /**
     * Waits until the read model has this user's last write to the entity, for a read that does not take the
     * consistency token itself: the history reads the event store, but decides who may read it on the read model.
     */
    public void awaitLastWrite(String entityId) {
        if (writes.lastWrite(endpoint.baseUrl(), entityId) != null) {
            read(entityId, entityPath(entityId), Map.of());
        }
    }

    /** A command on {@code entityId}; its consistency token is remembered for the reads that follow. */
    public ApiAnswer command(String entityId, String method, String path, Object body) {
        byte[] bytes;
        try {
            bytes = body == null ? null : Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        ApiAnswer answer = exchange(method, path, Map.of(), bytes, Map.of(REQUEST_ID, UUID.randomUUID().toString()));
        String token = answer.headers().firstValue(CONSISTENCY_TOKEN).orElse(null);
        if (entityId != null && token != null) {
            writes.remember(endpoint.baseUrl(), entityId, token);
        }
        return answer;
    }

    /** A request without the bearer token: {@code POST /dev/tokens} of the local run. */
    public ApiAnswer anonymous(String method, String path, Object body) {
        try {
            return new RegistryApi(context, new Endpoint(endpoint.baseUrl(), null))
                    .exchange(method, path, Map.of(), Json.MAPPER.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The answer when it is a 2xx; otherwise a {@link CliFailure} with the problem on one line. */
    private ApiAnswer exchange(String method, String path, Map<String, ?> query, byte[] body,
                               Map<String, String> headers) {
        URI uri = uri(path, query);
        String what = method + " " + uri;
        HttpResponse<String> response = Retrying.send(context, what, () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json, application/problem+json")
                    .header("User-Agent", "registry-cli");
            if (endpoint.token() != null) {
                request.header("Authorization", "Bearer " + endpoint.token());
            }
            headers.forEach(request::header);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return context.transport().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }, answer -> Retrying.serverAskedToRetry(answer)
                || answer.statusCode() == 409 && Problem.of(answer.statusCode(), answer.body()).inProgress());
        ApiAnswer answer = new ApiAnswer(response.statusCode(), response.body(), response.headers(), what);
        if (!answer.successful()) {
            throw Problem.of(answer.status(), answer.body()).failure();
        }
        return answer;
    }

    private URI uri(String path, Map<String, ?> query) {
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            for (Object one : value instanceof Collection<?> values ? values : Collections.singletonList(value)) {
                if (one != null) {
                    parameters.add(name + "=" + URLEncoder.encode(one.toString(), StandardCharsets.UTF_8));
                }
            }
        });
        try {
            return URI.create(endpoint.baseUrl() + path + parameters);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "not a usable registry URL: " + endpoint.baseUrl() + path);
        }
    }

    /**
     * One path segment, percent-encoded but for RFC 3986's unreserved characters (ids are made of those; anything
     * else the registry refuses with a problem of its own).
     */
    public static String segment(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /** {@code /api/entities/{entityId}} and the segments below it, each encoded (route words are left as they are). */
    public static String entityPath(String entityId, String... below) {
        StringBuilder path = new StringBuilder("/api/entities/").append(segment(entityId));
        for (String segment : below) {
            path.append('/').append(segment(segment));
        }
        return path.toString();
    }
}
