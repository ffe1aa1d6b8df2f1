package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Release-time validation at confirm and provisioning-time evaluation of the bindings, over HTTP on the
 * real stack.
 */
class ReleaseBindingsTest extends BackendTestSupport {

    private static final Map<String, Object> INPUTS = Map.of(
            "schema", Map.of(
                    "type", "object",
                    "properties", Map.of(
                            "region", Map.of("type", "string", "pattern", "^[a-z]{2}-[a-z]+$"),
                            "replicas", Map.of("type", "integer", "minimum", 1, "default", 2)),
                    "required", List.of("region")),
            "bindings", "{'region': pkg.inputs.region, 'replicas': pkg.inputs.replicas * 2, 'tier': 'gold'}");
    private static final Map<String, Object> OUTPUTS = Map.of(
            "schema", Map.of(
                    "type", "object",
                    "properties", Map.of("url", Map.of("type", "string"), "port", Map.of("type", "integer")),
                    "required", List.of("url")),
            "bindings", "{'url': entities.api.href, 'port': entities.api.outputs.port}");

    private String alice;
    private String entityId;
    private String created;

    @BeforeEach
    void anEntity() {
        alice = token("alice", "acme");
        entityId = uniqueId("bindings");
        created = createEntity(alice, entityId, "zone-b", "private");
    }

    @Test
    void a_version_with_inputs_and_outputs_is_confirmed_and_both_bindings_evaluate() {
        Response confirmed = publish(alice, entityId, "2024.06.10-153042", Map.of(
                "inputs", INPUTS, "outputs", OUTPUTS,
                "links", List.of(Map.of("href", "https://docs.example/b", "rel", "docs")),
                "properties", Map.of("urn:registry:team", "payments"),
                "tags", List.of("billing", "eu")));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        String consistency = confirmed.json().get("consistency_token").asText();
        assertThat(call("GET", "/api/entities/" + entityId + "/versions/2024.06.10-153042", alice, null,
                Map.of("X-Consistency-Token", consistency)).status()).isEqualTo(200);

        Response inputs = call("POST", versionPath() + "/inputs/evaluate", alice,
                Map.of("inputs", Map.of("region", "eu-west")));
        assertThat(inputs.status()).as(inputs.body()).isEqualTo(200);
        JsonNode flat = inputs.json().get("inputs");
        assertThat(flat.get("region").asText()).isEqualTo("eu-west");
        assertThat(flat.get("replicas").isIntegralNumber()).isTrue();
        assertThat(flat.get("replicas").asLong()).isEqualTo(4);
        assertThat(flat.get("tier").asText()).isEqualTo("gold");

        Response outputs = call("POST", versionPath() + "/outputs/evaluate", alice, Map.of("entities", Map.of(
                "inputs", Map.of("region", "eu-west"),
                "api", Map.of("href", "https://api.example/b", "outputs", Map.of("port", 8443)))));
        assertThat(outputs.status()).as(outputs.body()).isEqualTo(200);
        assertThat(outputs.json().get("outputs").get("url").asText()).isEqualTo("https://api.example/b");
        assertThat(outputs.json().get("outputs").get("port").asLong()).isEqualTo(8443);
    }

    @Test
    void bad_install_inputs_get_the_documented_errors() {
        assertThat(publish(alice, entityId, "2024.06.10-153042", Map.of("inputs", INPUTS, "outputs", OUTPUTS))
                .status()).isEqualTo(201);
        awaitVersion();

        Response missing = call("POST", versionPath() + "/inputs/evaluate", alice, Map.of("inputs", Map.of()));
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().get("code").asText()).isEqualTo("install_inputs_invalid");
        assertThat(missing.body()).contains("region");

        Response badPattern = call("POST", versionPath() + "/inputs/evaluate", alice,
                Map.of("inputs", Map.of("region", "Not A Region", "replicas", "three")));
        assertThat(badPattern.status()).isEqualTo(400);
        assertThat(badPattern.json().get("errors")).extracting(e -> e.get("field").asText())
                .contains("/region", "/replicas");

        Response missingEntity = call("POST", versionPath() + "/outputs/evaluate", alice,
                Map.of("entities", Map.of("inputs", Map.of())));
        assertThat(missingEntity.status()).as(missingEntity.body()).isEqualTo(422);
        assertThat(missingEntity.json().get("code").asText()).isEqualTo("binding_evaluation_failed");

        Response outsider = call("POST", versionPath() + "/inputs/evaluate", token("olga", "other"),
                Map.of("inputs", Map.of("region", "eu-west")));
        assertThat(outsider.status()).isEqualTo(404);
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("release metadata outside the JSON Schema subset")
    void unsupported_schema_keywords_and_broken_bindings_are_rejected_at_confirm_with_pointers() {
        Response rejected = publish(alice, entityId, "2024.06.10-153042", Map.of(
                "inputs", Map.of(
                        "schema", Map.of("type", "object", "properties",
                                Map.of("name", Map.of("anyOf", List.of(Map.of("type", "string"))))),
                        "bindings", "{'name': pkg.inputs.name + }"),
                "outputs", Map.of(
                        "schema", Map.of("type", "object", "properties", Map.of("url", Map.of("type", "string"))),
                        "bindings", "{'address': unknown.href}"),
                "properties", Map.of("not-a-urn", 1),
                "tags", List.of("")));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(400);
        assertThat(rejected.json().get("errors")).extracting(e -> e.get("field").asText()).contains(
                "/inputs/schema/properties/name/anyOf", "/inputs/bindings", "/outputs/bindings",
                "/properties/not-a-urn", "/tags/0");
        Response listing = call("GET", "/api/entities/" + entityId + "/versions", alice, null,
                Map.of("X-Consistency-Token", created));
        assertThat(listing.json().get("pagination").get("total_count").asInt()).isZero();
    }

    private String versionPath() {
        return "/api/entities/" + entityId + "/versions/2024.06.10-153042";
    }

    private void awaitVersion() {
        long deadline = System.currentTimeMillis() + 20_000;
        while (call("GET", versionPath(), alice, null).status() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("version never reached the read model");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void provisioning_right_after_a_publish_waits_for_the_consistency_token() {
        for (int i = 0; i < 5; i++) {
            String versionId = "2024.06.10-15304" + i;
            Response confirmed = publish(alice, entityId, versionId, Map.of("inputs", INPUTS, "outputs", OUTPUTS));
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
            Map<String, String> token = Map.of("X-Consistency-Token", confirmed.json().get("consistency_token").asText());
            String path = "/api/entities/" + entityId + "/versions/" + versionId;

            Response inputs = call("POST", path + "/inputs/evaluate", alice,
                    Map.of("inputs", Map.of("region", "eu-west")), token);
            assertThat(inputs.status()).as(inputs.body()).isEqualTo(200);
            assertThat(inputs.header("X-Consistency-Stale")).isNull();
            Response outputs = call("POST", path + "/outputs/evaluate", alice, Map.of("entities", Map.of(
                    "inputs", Map.of(), "api", Map.of("href", "https://api.example", "outputs", Map.of("port", 443)))),
                    token);
            assertThat(outputs.status()).as(outputs.body()).isEqualTo(200);
        }
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("unknown top-level fields")
    void the_evaluate_routes_refuse_unknown_top_level_fields() {
        Response confirmed = publish(alice, entityId, "2024.06.10-153042", Map.of("inputs", INPUTS, "outputs", OUTPUTS));
        Map<String, String> token = Map.of("X-Consistency-Token", confirmed.json().get("consistency_token").asText());
        Response inputs = call("POST", versionPath() + "/inputs/evaluate", alice,
                Map.of("inputs", Map.of("region", "eu-west"), "input", Map.of()), token);
        assertThat(inputs.status()).isEqualTo(400);
        assertThat(inputs.json().get("errors").get(0).get("field").asText()).isEqualTo("input");
        assertThat(inputs.json().get("errors").get(0).get("code").asText()).isEqualTo("unknown_field");
        Response outputs = call("POST", versionPath() + "/outputs/evaluate", alice,
                Map.of("entities", Map.of("inputs", Map.of()), "dry_run", true), token);
        assertThat(outputs.status()).isEqualTo(400);
        assertThat(outputs.json().get("errors").get(0).get("field").asText()).isEqualTo("dry_run");
    }
}
