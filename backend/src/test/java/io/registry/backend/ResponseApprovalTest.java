package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Pins what a client sees from every route: status, the headers a client relies on and the exact JSON body (keys,
 * their order, types and values), for successes and for each kind of problem. Values that differ from run to run
 * (ids made unique per run, instants, tokens, signatures, positions) are replaced by named placeholders before the
 * comparison; everything else must match byte for byte. A deliberate change of a response is accepted with
 * {@code -Dapprove=true} after reviewing the diff of {@code src/test/resources/approved-responses/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseApprovalTest extends BackendTestSupport {

    private static final Path APPROVED = Path.of("src/test/resources/approved-responses");
    private static final List<String> HEADERS = List.of("Content-Type", "ETag", "Location", "X-Consistency-Stale",
            "Idempotent-Replayed", "WWW-Authenticate");
    private static final String V1 = "2024.06.10-153042";
    private static final String V2 = "2024.06.11-090000";

    /** One request of the scenario; it may read the responses recorded before it. */
    record Step(String name, Function<Map<String, Response>, Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final Map<String, Response> responses = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private String entity;
    private String other;
    private String alice;
    private String bob;
    private String admin;

    @BeforeAll
    void runTheScenario() {
        entity = uniqueId("approved");
        other = uniqueId("approved");
        alice = token("alice", "acme");
        bob = token("bob", "other-org");
        admin = token("ops", "platform", "admin");
        scenario();
        for (Step step : steps) {
            responses.put(step.name(), step.call().apply(responses));
        }
    }

    Stream<String> stepNames() {
        return steps.stream().map(Step::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepNames")
    void the_response_is_the_approved_one(String name) throws IOException {
        String received = render(responses.get(name));
        Path approved = APPROVED.resolve(name + ".txt");
        if (Boolean.getBoolean("approve")) {
            Files.createDirectories(APPROVED);
            Files.writeString(approved, received, StandardCharsets.UTF_8);
        }
        if (!Files.exists(approved)) {
            fail("No approved response for " + name + "; run with -Dapprove=true after reviewing:\n" + received);
        }
        assertThat(received).isEqualTo(Files.readString(approved, StandardCharsets.UTF_8));
    }

    // ---- the scenario: every route, its successes and its problems ----

    private void scenario() {
        String e = "/api/entities/" + entity;
        step("entity-create-201", r -> call("POST", "/api/entities", alice, Map.of("id", entity, "zone_id", "zone-approved",
                "name", "Approved package", "description", "Pinned responses", "icon_url", "https://icons.example/a.png",
                "store", "private")));
        step("entity-create-409-entity-exists", r -> call("POST", "/api/entities", alice,
                Map.of("id", entity, "zone_id", "zone-approved", "name", "Again")));
        step("entity-create-400-fields", r -> invalid("POST", "/api/entities", alice,
                Map.of("id", " bad", "zone_id", 7, "name", "")));
        step("entity-create-401", r -> invalid("POST", "/api/entities", null, Map.of("id", other)));
        step("entity-create-403-foreign-organization", r -> call("POST", "/api/entities", alice,
                Map.of("id", other, "zone_id", "zone-approved", "name", "Elsewhere", "organization_id", "other-org")));
        step("entity-create-403-platform", r -> call("POST", "/api/entities", alice,
                Map.of("id", other, "zone_id", "zone-approved", "name", "Platform", "owner_type", "platform")));
        step("entity-get-200", r -> call("GET", e, alice, null, consistency(r, "entity-create-201")));
        step("entity-get-404", r -> call("GET", e, bob, null));
        step("store-200", r -> call("PUT", e + "/store", alice, Map.of("store", "org")));
        step("store-412-stale", r -> call("PUT", e + "/store", alice, Map.of("store", "public"), Map.of("If-Match", "\"0\"")));
        step("publisher-grant-200", r -> call("PUT", e + "/publishers/carol", alice, null));
        step("publisher-revoke-200", r -> call("DELETE", e + "/publishers/carol", alice, null));
        step("publisher-revoke-409-last", r -> call("DELETE", e + "/publishers/alice", alice, null));
        step("share-200", r -> call("PUT", e + "/shares/sam", alice, null));
        step("unshare-200", r -> call("DELETE", e + "/shares/sam", alice, null));
        step("share-403-reader", r -> call("PUT", e + "/shares/zoe", token("sam", "acme"), null));
        step("upload-url-201", r -> call("POST", e + "/versions/upload-url", alice,
                Map.of("version", V1, "source_hash", "sha256:approved-1")));
        step("upload-url-400-fields", r -> invalid("POST", e + "/versions/upload-url", alice,
                Map.of("version", "2024.02.30-000000", "source_hash", 5, "force", "true")));
        step("confirm-412-not-uploaded", r -> call("POST", e + "/versions/confirm", alice, confirmBody(r, "upload-url-201",
                V1, "sha256:approved-1", 4, Map.of())));
        step("confirm-201", r -> {
            putStaged(r, "upload-url-201", "v1 bytes");
            return call("POST", e + "/versions/confirm", alice, confirmBody(r, "upload-url-201", V1, "sha256:approved-1",
                    8, Map.of("set_as_active", true, "description", "First", "tags", List.of("stable"),
                            "package_json", json("{\"name\": \"approved\", \"version\": \"1.0.0\"}"),
                            "service_dependencies", List.of("postgres"),
                            "properties", json("{\"urn:registry:team\": \"core\"}"),
                            "links", json("[{\"href\": \"https://docs.example/a\", \"rel\": \"docs\"}]"),
                            "inputs", json("{\"schema\": {\"type\": \"object\", \"properties\": {\"region\": "
                                    + "{\"type\": \"string\", \"default\": \"eu\"}}}, "
                                    + "\"bindings\": \"{\\\"region\\\": pkg.inputs.region}\"}"),
                            "outputs", json("{\"schema\": {\"type\": \"object\", \"properties\": {\"url\": "
                                    + "{\"type\": \"string\"}}}, \"bindings\": \"{\\\"url\\\": entities.api.href}\"}"))));
        });
        step("confirm-409-exists", r -> call("POST", e + "/versions/confirm", alice, confirmBody(r, "upload-url-201", V1,
                "sha256:approved-1", 8, Map.of())));
        step("confirm-400-release", r -> invalid("POST", e + "/versions/confirm", alice, confirmBody(r, "upload-url-201", V1,
                "sha256:approved-1", 8, Map.of("inputs", Map.of("schema", Map.of("type", "object", "allOf", List.of()))))));
        step("upload-url-200-existing", r -> call("POST", e + "/versions/upload-url", alice,
                Map.of("version", V2, "source_hash", "sha256:approved-1")));
        step("upload-url-201-second", r -> call("POST", e + "/versions/upload-url", alice,
                Map.of("version", V2, "source_hash", "sha256:approved-2", "base_version_id", V1)));
        step("confirm-201-second", r -> {
            putStaged(r, "upload-url-201-second", "v2 bytes!");
            return call("POST", e + "/versions/confirm", alice, confirmBody(r, "upload-url-201-second", V2,
                    "sha256:approved-2", 9, Map.of()));
        });
        step("versions-200", r -> call("GET", e + "/versions?limit=1", alice, null, consistency(r, "confirm-201-second")));
        step("versions-400-limit", r -> invalid("GET", e + "/versions?limit=0", alice, null));
        step("version-200", r -> call("GET", e + "/versions/" + V1, alice, null));
        step("version-404", r -> call("GET", e + "/versions/2020.01.01-000000", alice, null));
        step("active-200", r -> call("GET", e + "/versions/active", alice, null));
        step("download-200", r -> call("GET", e + "/versions/" + V1 + "/download", alice, null));
        step("set-active-200", r -> call("PUT", e + "/versions/active", alice, Map.of("versionId", V2)));
        step("set-active-400-ambiguous", r -> call("PUT", e + "/versions/active", alice,
                Map.of("versionId", V2, "version_id", V1)));
        step("archive-200", r -> call("DELETE", e + "/versions/" + V1, alice, null));
        step("archive-409-active", r -> call("DELETE", e + "/versions/" + V2, alice, null));
        step("channel-set-200", r -> call("PUT", e + "/channels/beta", alice, Map.of("version_id", V2)));
        step("channel-set-409-archived", r -> call("PUT", e + "/channels/old", alice, Map.of("version_id", V1)));
        step("channel-set-400-weights", r -> invalid("PUT", e + "/channels/beta", alice,
                Map.of("weights", Map.of(V2, 60, "latest", 30))));
        step("channels-200", r -> call("GET", e + "/channels", alice, null, consistency(r, "channel-set-200")));
        step("channel-200", r -> call("GET", e + "/channels/beta", alice, null));
        step("channel-404", r -> call("GET", e + "/channels/stable", alice, null));
        step("channel-resolve-200", r -> call("GET", e + "/channels/beta/resolve", alice, null));
        step("channel-delete-200", r -> call("DELETE", e + "/channels/beta", alice, null));
        step("retention-set-200", r -> call("PUT", e + "/retention", alice, Map.of("keep_latest", 1)));
        step("retention-set-400", r -> invalid("PUT", e + "/retention", alice, Map.of("keep_latest", 0,
                "max_age_days", 0)));
        step("retention-200", r -> call("GET", e + "/retention", alice, null, consistency(r, "retention-set-200")));
        step("retention-preview-200", r -> call("GET", e + "/retention/preview", alice, null,
                consistency(r, "retention-set-200")));
        step("zone-listing-200", r -> call("GET", "/zones/zone-approved/packages/" + entity + "/versions", alice, null,
                consistency(r, "archive-200")));
        step("zone-listing-404", r -> call("GET", "/zones/zone-other/packages/" + entity + "/versions", alice, null));
        step("zone-listing-400-cursors", r -> call("GET", "/zones/zone-approved/packages/" + entity
                + "/versions?after=x&before=y", alice, null));
        step("lineage-200", r -> call("GET", e + "/versions/" + V1 + "/lineage", alice, null, consistency(r, "archive-200")));
        step("history-200", r -> call("GET", e + "/history?limit=3", alice, null));
        step("history-403-reader", r -> call("GET", e + "/history", token("mia", "acme"), null));
        step("inputs-evaluate-200", r -> call("POST", e + "/versions/" + V1 + "/inputs/evaluate", alice,
                Map.of("inputs", Map.of())));
        step("inputs-evaluate-400", r -> call("POST", e + "/versions/" + V1 + "/inputs/evaluate", alice,
                Map.of("inputs", Map.of("region", 5))));
        step("outputs-evaluate-200", r -> call("POST", e + "/versions/" + V1 + "/outputs/evaluate", alice,
                Map.of("entities", Map.of("inputs", Map.of(), "api", Map.of("href", "https://api.example", "outputs", Map.of())))));
        step("outputs-evaluate-409-none", r -> call("POST", e + "/versions/" + V2 + "/outputs/evaluate", alice,
                Map.of("entities", Map.of("inputs", Map.of()))));
        step("rebuild-202", r -> call("POST", "/admin/read-models/rebuild", admin, null));
        step("rebuild-status-200", r -> rebuildDone());
        step("rebuild-403", r -> call("POST", "/admin/read-models/rebuild", alice, null));
        step("parked-200", r -> call("GET", "/admin/kafka/parked", admin, null));
        step("route-404", r -> invalid("GET", "/api/nowhere", alice, null));
        step("method-405", r -> invalid("PATCH", e, alice, Map.of()));
        step("media-type-415", r -> invalid("PUT", e + "/store", alice, null, Map.of("Content-Type", "text/plain")));
        step("health-200", r -> call("GET", "/actuator/health", null, null));
    }

    /** A request malformed on purpose (the contract check then validates only its answer). */
    private Response invalid(String method, String path, String token, Object body) {
        return client().invalidOnPurpose().call(method, path, token, body);
    }

    private Response invalid(String method, String path, String token, Object body, Map<String, String> headers) {
        return client().invalidOnPurpose().call(method, path, token, body, headers);
    }

    private void step(String name, Function<Map<String, Response>, Response> call) {
        steps.add(new Step(name, call));
    }

    /** A JSON value in the key order written (request maps would send theirs in any order). */
    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The rebuild's status once it is done (whatever rebuild ran before in this context, this one ends "done"). */
    private Response rebuildDone() {
        long deadline = System.currentTimeMillis() + 60_000;
        Response status;
        do {
            status = call("GET", "/admin/read-models/rebuild", admin, null);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (!"done".equals(status.json().path("phase").asText()) && System.currentTimeMillis() < deadline);
        return status;
    }

    private static Map<String, String> consistency(Map<String, Response> recorded, String step) {
        return Map.of("X-Consistency-Token", recorded.get(step).json().get("consistency_token").asText());
    }

    private static Map<String, Object> confirmBody(Map<String, Response> recorded, String ticketStep, String version,
                                                   String sourceHash, long size, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of(
                "storage_path", recorded.get(ticketStep).json().get("storage_path").asText(),
                "version", version, "source_hash", sourceHash, "file_size_bytes", size));
        body.putAll(extra);
        return body;
    }

    private static void putStaged(Map<String, Response> recorded, String ticketStep, String content) {
        try {
            putBytes(recorded.get(ticketStep).json().get("upload_url").asText(), content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- rendering with placeholders ----

    private String render(Response response) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(response.status()).append('\n');
        for (String header : HEADERS) {
            String value = response.header(header);
            if (value != null) {
                out.append(header).append(": ").append(normalize(value)).append('\n');
            }
        }
        out.append('\n');
        if (response.body() != null && !response.body().isEmpty()) {
            JsonNode body = JSON.readTree(response.body());
            out.append(normalize(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body)));
        }
        return out.append('\n').toString();
    }

    private static final List<Map.Entry<Pattern, String>> VOLATILE = List.of(
            Map.entry(Pattern.compile("https?://(127\\.0\\.0\\.1|localhost):\\d+/[^\"\\s]*"), "{url}"),
            Map.entry(Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"), "{instant}"),
            Map.entry(Pattern.compile("(\"consistency_token\" : \")[^\"]+"), "$1{token}"),
            Map.entry(Pattern.compile("(\"(after|before)_cursor\" : \")[^\"]+"), "$1{cursor}"),
            Map.entry(Pattern.compile("(\"(manifest_sha)\" : \")[0-9a-f]{64}"), "$1{manifest-sha}"),
            Map.entry(Pattern.compile("(\"(event_id)\" : \")[^\"]+"), "$1{uuid}"),
            Map.entry(Pattern.compile("(\"(position|head|events_applied)\" : )\\d+"), "$1{$2}"),
            Map.entry(Pattern.compile("(\"(versions|entities)_index\" : \")[^\"]+"), "$1{$2-index}"),
            Map.entry(Pattern.compile("uploads/([^/\"]+)/([^/\"]+)/[0-9a-f]{32}/"), "uploads/$1/$2/{upload-id}/"));

    private String normalize(String text) {
        String result = text.replace(entity, "{entity}").replace(other, "{other}");
        for (Map.Entry<Pattern, String> rule : VOLATILE) {
            Matcher matcher = rule.getKey().matcher(result);
            result = matcher.replaceAll(rule.getValue());
        }
        return result;
    }
}
