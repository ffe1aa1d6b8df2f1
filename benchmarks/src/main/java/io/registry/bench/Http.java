package io.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** A plain HTTP/1.1 client, as a publisher's tool would use; every call is bounded by a timeout. */
public final class Http implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;

    public Http() {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread thread = new Thread(r, "bench-http");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }

    public record Response(int status, byte[] body, Map<String, List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
            }
        }

        /** The first value of a header, or null (the JDK's header map ignores case). */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            return text.length() > 500 ? text.substring(0, 500) + "..." : text;
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    public Response send(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A JSON call with an optional bearer token. */
    public Response json(String method, String url, String token, Object body) {
        try {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("Accept", "application/json");
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            byte[] bytes = null;
            if (body != null) {
                headers.put("Content-Type", "application/json");
                bytes = body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
            }
            return send(method, url, headers, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient closes with JDK 21+; on 17 its threads are daemons and end with the JVM
    }
}
