package io.registry.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What Tomcat, Spring Security's firewall and Spring's error handling refuse on their own is a problem+json with
 * a stable code, never an HTML page or Spring's default error JSON; sent over a raw socket, byte for byte.
 */
@ContractCheck.InvalidRequestsOnPurpose("malformed URLs, request lines and headers, routes that do not exist")
class MalformedRequestsTest extends BackendTestSupport {

    static Stream<Arguments> refusedRequests() {
        String longPath = "/api/entities/" + "a".repeat(20_000);
        return Stream.of(
                // Tomcat: URL decoding and normalization
                arguments("encoded slash", line("GET /api/entities/a%2Fb"), new String[0], 400, "invalid_url"),
                arguments("encoded NUL", line("GET /api/entities/a%00b"), new String[0], 400, "invalid_url"),
                arguments("encoded backslash", line("GET /api/entities/a%5Cb"), new String[0], 400, "invalid_url"),
                arguments("broken escape", line("GET /api/entities/a%zz"), new String[0], 400, "invalid_url"),
                arguments("truncated escape", line("GET /api/entities/a%4"), new String[0], 400, "invalid_url"),
                arguments("escapes that are not UTF-8", line("GET /api/entities/a%C3%28"), new String[0], 400,
                        "invalid_url"),
                arguments("raw bytes that are not ASCII", bytes("GET /api/entities/a", new byte[]{(byte) 0xff, (byte) 0xfe},
                        " HTTP/1.1\r\n"), new String[0], 400, "invalid_url"),
                arguments("above the root", line("GET /../etc/passwd"), new String[0], 400, "invalid_url"),
                // (a raw CR LF would end the request line: Tomcat takes "GET /path" as an HTTP/0.9 request)
                arguments("raw CR inside the path", bytes("GET /api/entities/a\rb HTTP/1.1\r\n"), new String[0],
                        400, "invalid_url"),
                arguments("raw space inside the path", line("GET /api/entities/a b"), new String[0], 400, "invalid_url"),
                // Tomcat: sizes
                arguments("20 KB URL", line("GET " + longPath), new String[0], 414, "uri_too_long"),
                arguments("20 KB header", line("GET /api/entities/x"), new String[]{"X-Padding: " + "p".repeat(20_000)},
                        431, "header_too_large"),
                // Tomcat: header syntax
                arguments("control character in a header", line("GET /api/entities/x"), new String[]{"X-Note: a\u0001b"},
                        400, "invalid_header"),
                arguments("two Content-Length headers", line("POST /api/entities"),
                        new String[]{"Content-Length: 1", "Content-Length: 2"}, 400, "invalid_header"),
                arguments("two Host headers", line("GET /api/entities/x"), new String[]{"Host: elsewhere"}, 400,
                        "invalid_header"),
                arguments("101 headers", line("GET /api/entities/x"),
                        IntStream.range(0, 101).mapToObj(i -> "X-H" + i + ": v").toArray(String[]::new),
                        431, "header_too_large"),
                // Spring Security's firewall
                arguments("dot segments", line("GET /api/entities/../entities/x"), new String[0], 400, "rejected_url"),
                arguments("single dot segment", line("GET /api/./entities/x"), new String[0], 400, "rejected_url"),
                arguments("encoded dot segments", line("GET /api/entities/%2e%2e/x"), new String[0], 400, "rejected_url"),
                arguments("semicolon", line("GET /api/entities/x;jsessionid=1"), new String[0], 400, "rejected_url"),
                arguments("double slash", line("GET //api/entities/x"), new String[0], 400, "rejected_url"),
                arguments("encoded CR LF", line("GET /api/entities/a%0d%0ab"), new String[0], 400, "rejected_url"),
                arguments("encoded percent", line("GET /api/entities/a%2525"), new String[0], 400, "rejected_url"),
                arguments("control character in the Authorization header", line("GET /api/entities/x"),
                        new String[]{"Authorization: Bearer a\u0085b"}, 400, "rejected_request"),
                // methods
                arguments("TRACE", line("TRACE /api/entities/x"), new String[0], 405, "method_not_allowed"),
                arguments("unknown method", line("FROB /api/entities/x"), new String[0], 405, "method_not_allowed"),
                // /error is not a route
                arguments("GET /error", line("GET /error"), new String[0], 404, "route_not_found"),
                arguments("POST /error", line("POST /error"), new String[]{"Content-Length: 0"}, 404, "route_not_found"),
                // still the API's own answers
                arguments("no token", line("GET /api/entities/x"), new String[0], 401, "unauthenticated"),
                arguments("no token, HTML preferred", line("GET /api/entities/x"), new String[]{"Accept: text/html"},
                        401, "unauthenticated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void refused_requests_are_problems_with_a_code(String name, byte[] requestLine, String[] headers, int status,
                                                   String code) {
        RawHttp.Reply reply = RawHttp.exchange(port, requestLine, headers);

        assertThat(reply.status()).as(name + ": " + reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(name).startsWith("application/problem+json");
        assertThat(reply.code()).as(name).isEqualTo(code);
        assertThat(reply.json().path("status").asInt()).as(name).isEqualTo(status);
    }

    @Test
    void an_html_client_gets_problem_json_from_the_container_too() {
        RawHttp.Reply reply = RawHttp.exchange(port, line("GET /api/entities/a%2Fb"), "Accept: text/html");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.body()).doesNotContain("<html").doesNotContain("Tomcat");
    }

    @Test
    void a_route_that_does_not_exist_is_a_problem_for_an_authenticated_caller() {
        Response response = call("GET", "/api/nothing-here", token("alice", "acme"), null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo("route_not_found");
    }

    private static byte[] line(String requestLine) {
        return (requestLine + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
