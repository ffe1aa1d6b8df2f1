package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every route's query string holds exactly the parameters its handler declares, each once and well formed;
 * anything else is a 400 naming each bad parameter with its code. Checked on every route that takes query
 * parameters, and on routes that take none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ContractCheck.InvalidRequestsOnPurpose("unknown, repeated, empty and malformed query parameters")
class QueryParameterStrictnessTest extends BackendTestSupport {

    private static final String VERSION = "2024.03.04-050607";

    private String alice;
    private String entityId;
    private String consistency;

    @BeforeAll
    void anEntityWithAVersion() {
        alice = token("alice", "acme");
        entityId = uniqueId("params");
        createEntity(alice, entityId, "zone-params", "public");
        Response confirmed = publish(alice, entityId, VERSION, Map.of());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        consistency = confirmed.json().get("consistency_token").asText();
    }

    /** The routes with query parameters: name, path, and a parameter of each kind they declare. */
    private List<Route> routes() {
        return List.of(
                new Route("zone listing", "/zones/zone-params/packages/" + entityId + "/versions", "after"),
                new Route("entity versions", "/api/entities/" + entityId + "/versions", "after"),
                new Route("lineage", "/api/entities/" + entityId + "/versions/" + VERSION + "/lineage", "depth"),
                new Route("history", "/api/entities/" + entityId + "/history", "after"));
    }

    private record Route(String name, String path, String secondParameter) {
    }

    Stream<Arguments> badQueries() {
        List<Arguments> cases = new ArrayList<>();
        for (Route route : routes()) {
            String other = route.secondParameter();
            boolean otherIsNumber = other.equals("depth");
            for (String[] c : new String[][]{
                    {"limit=", "limit", "empty_parameter"},
                    {"limit", "limit", "empty_parameter"},
                    {"limit=%205", "limit", "invalid_format"},
                    {"limit=5%20", "limit", "invalid_format"},
                    {"limit=+5", "limit", "invalid_format"},
                    {"limit=%2B5", "limit", "invalid_format"},
                    {"limit=5&limit=6", "limit", "repeated_parameter"},
                    {"limit=5&limit=5", "limit", "repeated_parameter"},
                    {"limit=abc", "limit", "invalid_format"},
                    {"limit=1e1", "limit", "invalid_format"},
                    {"limit=5.0", "limit", "invalid_format"},
                    {"limit=0x10", "limit", "invalid_format"},
                    {"limit=%D9%A3", "limit", "invalid_format"},   // ARABIC-INDIC DIGIT THREE
                    {"limit=%EF%BC%95", "limit", "invalid_format"}, // FULLWIDTH DIGIT FIVE
                    {"limit=%zz", "limit", "invalid_format"},
                    {"limit=%FF", "limit", "invalid_format"},
                    {"limit=5%00", "limit", "invalid_format"},
                    {"nope=1", "nope", "unknown_parameter"},
                    {"LIMIT=5", "LIMIT", "unknown_parameter"},
                    {"=5", "", "unknown_parameter"},
                    {other + "=", other, "empty_parameter"},
                    {other + "=a&" + other + "=b", other, "repeated_parameter"},
                    {other + "=%20x", other, "invalid_format"},
                    {other + (otherIsNumber ? "=1%0A" : "=abc%0A"), other, "invalid_format"},
                    {other + (otherIsNumber ? "=%E2%80%AE1" : "=abc%E2%80%AE"), other, "invalid_format"},
            }) {
                cases.add(arguments(route.name(), route.path(), c[0], c[1], c[2]));
            }
        }
        cases.add(arguments("rebuild status", "/admin/read-models/rebuild", "limit=5", "limit", "unknown_parameter"));
        cases.add(arguments("entity", "/api/entities/{id}", "limit=5", "limit", "unknown_parameter"));
        cases.add(arguments("active version", "/api/entities/{id}/versions/active", "x", "x", "unknown_parameter"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} ?{2}")
    @MethodSource("badQueries")
    void a_bad_query_string_is_a_400_naming_the_parameter(String route, String path, String query, String field,
                                                          String code) {
        String token = route.equals("rebuild status") ? token("ops", "platform", "admin") : alice;

        // sent raw: java.net.URI refuses some of these query strings
        RawHttp.Reply response = RawHttp.exchange(port, "GET", path.replace("{id}", entityId) + "?" + query,
                "Authorization: Bearer " + token);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("invalid_request");
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.body()).hasSize(1);
        assertThat(errors.get(0).get("field").asText()).isEqualTo(field);
        assertThat(errors.get(0).get("code").asText()).isEqualTo(code);
    }

    @Test
    void every_bad_parameter_is_named_at_once() {
        Response response = call("GET", "/api/entities/" + entityId + "/versions?limit=&foo=1&after=a&after=b",
                alice, null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors")).extracting(e -> e.get("field").asText() + ":" + e.get("code").asText())
                .containsExactlyInAnyOrder("limit:empty_parameter", "foo:unknown_parameter", "after:repeated_parameter");
    }

    @Test
    void well_formed_parameters_reach_the_route() {
        Map<String, String> caughtUp = Map.of("X-Consistency-Token", consistency);
        for (Route route : routes()) {
            Response response = call("GET", route.path() + "?limit=5", alice, null, caughtUp);
            assertThat(response.status()).as(route.name() + ": " + response.body()).isEqualTo(200);
        }
        Response lineage = call("GET", routes().get(2).path() + "?depth=3&limit=007", alice, null, caughtUp);
        assertThat(lineage.status()).as(lineage.body()).isEqualTo(200);
    }

    @Test
    void a_negative_number_is_well_formed_and_left_to_the_routes_range_check() {
        Response response = call("GET", "/api/entities/" + entityId + "/versions?limit=-1", alice, null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("limit");
        assertThat(response.json().get("errors").get(0).get("code").asText()).isEqualTo("out_of_range");
    }

    @Test
    void a_command_with_an_unknown_parameter_is_refused_and_records_nothing() {
        String id = uniqueId("query-create");
        Map<String, Object> body = Map.of("id", id, "zone_id", "zone-params", "name", "n", "store", "public");

        Response refused = call("POST", "/api/entities?dry_run=true", alice, body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("code").asText()).isEqualTo("unknown_parameter");
        assertThat(call("POST", "/api/entities", alice, body).status()).isEqualTo(201);
    }
}
