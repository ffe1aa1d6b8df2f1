package io.registry.backend;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies: at most 1 MiB ({@code registry.http.max-body-size}), refused with 413 without being read
 * whole (the connection is closed rather than drained), and UTF-8 only. A refused body records nothing.
 */
@ContractCheck.InvalidRequestsOnPurpose("bodies over the limit, lying about their length, in other charsets or media types")
class RequestBodyLimitsTest extends BackendTestSupport {

    private static final int LIMIT = 1024 * 1024;

    private String alice;

    @BeforeEach
    void caller() {
        alice = token("alice", "acme");
    }

    @Test
    void a_body_declared_larger_than_the_limit_is_refused_at_once_and_the_connection_closed() {
        String id = uniqueId("cl");
        try (RawHttp http = RawHttp.connect(port)) {
            http.send(("POST /api/entities HTTP/1.1\r\n" + RawHttp.headers(
                    "Authorization: Bearer " + alice, "Content-Type: application/json",
                    "Content-Length: " + 100 * LIMIT)).getBytes(StandardCharsets.ISO_8859_1));
            http.send(createBody(id, "").getBytes(StandardCharsets.UTF_8));

            RawHttp.Reply reply = http.reply();

            assertProblem(reply, 413, "body_too_large");
            assertThat(reply.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(http.closedByServerWithin(5_000)).as("closed instead of waiting for the other 99 MiB").isTrue();
        }
        assertNothingRecordedFor(id);
    }

    @ParameterizedTest(name = "with X-Client-Request-ID: {0}")
    @ValueSource(booleans = {false, true})
    void a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(boolean idempotent) {
        String id = uniqueId("chunked");
        try (RawHttp http = RawHttp.connect(port)) {
            String head = "POST /api/entities HTTP/1.1\r\n" + RawHttp.headers(
                    "Authorization: Bearer " + alice, "Content-Type: application/json", "Transfer-Encoding: chunked",
                    idempotent ? "X-Client-Request-ID: " + UUID.randomUUID() : "X-Padding: none");
            http.send(head.getBytes(StandardCharsets.ISO_8859_1));
            byte[] start = ("{\"id\": \"" + id + "\", \"zone_id\": \"zone-limits\", \"name\": \"n\", \"store\": \"public\", "
                    + "\"description\": \"").getBytes(StandardCharsets.UTF_8);
            http.send(chunk(start));
            byte[] padding = "a".repeat(16 * 1024).getBytes(StandardCharsets.UTF_8);
            int sent = start.length;
            // a little over the limit, and never the last chunk: only a server that stops reading can answer
            while (sent <= LIMIT + padding.length && !http.answered() && http.send(chunk(padding))) {
                sent += padding.length;
            }

            RawHttp.Reply reply = http.reply();

            assertProblem(reply, 413, "body_too_large");
        }
        assertNothingRecordedFor(id);
    }

    @Test
    void a_body_just_under_the_limit_is_read_and_judged_on_its_fields() {
        String id = uniqueId("under");
        String body = createBody(id, "a".repeat(LIMIT - 200));
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(LIMIT);

        Response response = post(body, "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("description");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"application/json; charset=utf-16", "application/json; charset=UTF-16LE",
            "application/json; charset=\"utf-16\"", "application/json; charset=iso-8859-1",
            "application/json; charset=us-ascii", "application/json; charset=no-such-charset",
            "application/json; charset=", "application/json; charset"})
    void a_body_labelled_with_another_charset_is_refused(String contentType) {
        String id = uniqueId("charset");

        Response response = post(createBody(id, ""), contentType);

        assertThat(response.status()).as(response.body()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo("unsupported_charset");
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("Content-Type");
        assertNothingRecordedFor(id);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"application/json; charset=utf-8", "application/json;charset=UTF-8",
            "application/json; charset=\"utf-8\"", "application/json"})
    void a_utf8_body_is_accepted(String contentType) {
        Response response = post(createBody(uniqueId("utf8"), "caf\u00e9"), contentType);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
            "application/json/x", "json"})
    void a_body_that_is_not_json_is_refused(String contentType) {
        String id = uniqueId("media");

        Response response = post(createBody(id, ""), contentType);

        assertThat(response.status()).as(response.body()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo("unsupported_media_type");
        assertNothingRecordedFor(id);
    }

    private Response post(String body, String contentType) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/entities"))
                    .header("Authorization", "Bearer " + alice)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
            if (!contentType.isEmpty()) {
                request.header("Content-Type", contentType);
            }
            HttpRequest sent = request.build();
            HttpResponse<String> response = HTTP.send(sent, HttpResponse.BodyHandlers.ofString());
            ContractCheck.verify(sent, body, response, false);
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The refused request created nothing: the same id can still be created. */
    private void assertNothingRecordedFor(String id) {
        Response created = call("POST", "/api/entities", alice,
                Map.of("id", id, "zone_id", "zone-limits", "name", "n", "store", "public"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static String createBody(String id, String description) {
        return "{\"id\": \"" + id + "\", \"zone_id\": \"zone-limits\", \"name\": \"n\", \"store\": \"public\", "
                + "\"description\": \"" + description + "\"}";
    }

    private static byte[] chunk(byte[] data) {
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunk = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, chunk, 0, head.length);
        System.arraycopy(data, 0, chunk, head.length, data.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    private static void assertProblem(RawHttp.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.code()).isEqualTo(code);
    }
}
