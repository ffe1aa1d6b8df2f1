package io.registry.backend;

import io.registry.backend.ContractCheck.Exchange;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract check itself, without a server: a documented exchange passes, and each way an answer can leave the
 * document (an unknown field, a wrong type, a null where none is allowed, an undocumented status, header or problem
 * code, a route the document does not have) fails, as does an invalid request unless it is invalid on purpose.
 */
class ContractCheckTest {

    private static final String ENTITY = """
            {"id":"maps-api","zone_id":"zone-eu","name":"Maps API","description":null,"icon_url":null,\
            "owner_type":"customer","organization_id":"acme","store":"private","publishers":["alice"],\
            "shared_with":[],"active_version_id":null,"version_count":0,"created_by":"alice",\
            "created_at":"2026-11-30T12:00:00Z"%s}""";
    private static final String CREATE = "{\"id\":\"maps-api\",\"zone_id\":\"zone-eu\",\"name\":\"Maps API\"}";

    /** Not the one the end-to-end tests share: the departures provoked here are neither their figures nor failures. */
    private static final ContractCheck CHECK = ContractCheck.load();

    @Test
    void a_documented_exchange_passes() {
        assertThatCode(() -> CHECK.check(created(201, String.format(ENTITY, ",\"consistency_token\":\"t\""),
                Map.of()), false)).doesNotThrowAnyException();
    }

    @Test
    void an_undocumented_field_fails() {
        assertFails(created(201, String.format(ENTITY, ",\"consistency_token\":\"t\",\"secret\":1"), Map.of()),
                "secret");
    }

    @Test
    void a_value_of_another_type_fails() {
        assertFails(created(201, String.format(ENTITY, ",\"consistency_token\":7"), Map.of()), "consistency_token");
    }

    @Test
    void a_missing_field_fails() {
        assertFails(created(201, String.format(ENTITY, ""), Map.of()), "consistency_token");
    }

    @Test
    void null_where_the_document_allows_no_null_fails() {
        assertFails(created(201, String.format(ENTITY, ",\"consistency_token\":\"t\"")
                .replace("\"name\":\"Maps API\"", "\"name\":null"), Map.of()), "name");
    }

    @Test
    void an_undocumented_status_fails() {
        assertFails(created(418, "{}", Map.of()), "418");
    }

    @Test
    void an_undocumented_header_fails() {
        assertFails(created(201, String.format(ENTITY, ",\"consistency_token\":\"t\""), Map.of("X-Debug", "1")),
                "X-Debug");
    }

    @Test
    void a_documented_header_that_is_missing_fails() {
        Map<String, List<String>> headers = headers("application/json", Map.of());
        headers.remove("X-Consistency-Token");
        assertFails(new Exchange("POST", "/api/entities", requestHeaders(), CREATE, 201, headers,
                String.format(ENTITY, ",\"consistency_token\":\"t\"")), "X-Consistency-Token");
    }

    @Test
    void a_problem_code_the_route_does_not_list_fails() {
        assertFails(problem("POST", "/api/entities", 409, "version_archived"), "version_archived");
        assertThatCode(() -> CHECK.check(problem("POST", "/api/entities", 409, "entity_exists"), false))
                .doesNotThrowAnyException();
    }

    @Test
    void a_route_the_document_does_not_have_fails_unless_the_request_is_malformed_on_purpose() {
        Exchange unknown = problem("GET", "/api/nothing/here", 404, "route_not_found");
        assertFails(unknown, "no route");
        assertThatCode(() -> CHECK.check(unknown, true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> CHECK.check(problem("GET", "/api/nothing/here", 404, "entity_exists"), true))
                .hasMessageContaining("entity_exists");
    }

    @Test
    void an_invalid_request_fails_unless_it_is_invalid_on_purpose() {
        Exchange unknownField = new Exchange("POST", "/api/entities", requestHeaders(),
                "{\"id\":\"maps-api\",\"zone_id\":\"zone-eu\",\"name\":\"Maps API\",\"colour\":\"red\"}", 400,
                headers("application/problem+json", Map.of()), problemBody(400, "invalid_request"));
        assertFails(unknownField, "colour");
        assertThatCode(() -> CHECK.check(unknownField, true)).doesNotThrowAnyException();
    }

    private static void assertFails(Exchange exchange, String mentioning) {
        assertThatThrownBy(() -> CHECK.check(exchange, false)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(mentioning);
    }

    private static Exchange created(int status, String body, Map<String, String> extraHeaders) {
        return new Exchange("POST", "/api/entities", requestHeaders(), CREATE, status,
                headers("application/json", extraHeaders), body);
    }

    private static Exchange problem(String method, String path, int status, String code) {
        return new Exchange(method, path, Map.of("Authorization", List.of("Bearer x")),
                method.equals("GET") ? null : CREATE, status, headers("application/problem+json", Map.of()),
                problemBody(status, code));
    }

    private static String problemBody(int status, String code) {
        return "{\"type\":\"https://registry.io/problems/" + code.replace('_', '-') + "\",\"title\":\"T\",\"status\":"
                + status + ",\"detail\":\"d\",\"instance\":\"/api/entities\",\"code\":\"" + code + "\"}";
    }

    private static Map<String, List<String>> requestHeaders() {
        return Map.of("Authorization", List.of("Bearer x"), "Content-Type", List.of("application/json"));
    }

    private static Map<String, List<String>> headers(String contentType, Map<String, String> extra) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(contentType));
        if (contentType.equals("application/json")) {
            headers.put("ETag", List.of("\"0\""));
            headers.put("Location", List.of("/api/entities/maps-api"));
            headers.put("X-Consistency-Token", List.of("t"));
        }
        extra.forEach((name, value) -> headers.put(name, List.of(value)));
        return headers;
    }
}
