package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.query.listing.VersionListing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /zones/{zone_id}/packages/{package_id}/versions} against the zone listing document
 * (shared/spec/zone-package-versions-api.txt): the response shape field by field (required and optional
 * fields, JSON types, nothing undocumented), then the error contract of its parameters and headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZoneListingContractTest extends BackendTestSupport {

    /** One item of the document's example response, verbatim. */
    private static final String EXAMPLE_ITEM = """
            {
              "id": "id",
              "created_at": "2019-12-27T18:11:19.117Z",
              "manifest_sha": "manifest_sha",
              "name": "name",
              "owner_type": "platform",
              "version": 0,
              "archived_at": "2019-12-27T18:11:19.117Z",
              "created_by": "created_by",
              "description": "description",
              "icon_url": "icon_url",
              "inputs": {
                "bindings": "bindings",
                "schema": {
                  "additionalProperties": {}, "const": {}, "default": {}, "description": "description",
                  "enum": [{}], "format": "format", "items": {}, "maximum": 0, "maxItems": 0, "maxLength": 0,
                  "minimum": 0, "minItems": 0, "minLength": 0, "pattern": "pattern", "properties": {},
                  "readOnly": true, "required": ["string"], "title": "title", "type": "object", "writeOnly": true
                }
              },
              "links": [
                {"href": "href", "rel": "rel", "properties": {"foo": "bar"}, "titles": {"foo": "string"}, "type": "type"}
              ],
              "outputs": {
                "bindings": "bindings",
                "schema": {
                  "additionalProperties": {}, "const": {}, "default": {}, "description": "description",
                  "enum": [{}], "format": "format", "items": {}, "maximum": 0, "maxItems": 0, "maxLength": 0,
                  "minimum": 0, "minItems": 0, "minLength": 0, "pattern": "pattern", "properties": {},
                  "readOnly": true, "required": ["string"], "title": "title", "type": "object", "writeOnly": true
                }
              },
              "properties": {"foo": "bar"},
              "tags": ["string"]
            }
            """;
    private static final Set<String> REQUIRED = Set.of("id", "created_at", "manifest_sha", "name", "owner_type", "version");
    private static final Set<String> DATE_TIMES = Set.of("created_at", "archived_at");
    /** Schema keywords the document types as "unknown": any JSON value. */
    private static final Set<String> UNKNOWN_KEYWORDS = Set.of("additionalProperties", "const", "default", "items", "properties");
    private static final Set<String> SCHEMA_TYPES = Set.of("object", "array", "string", "integer", "number", "boolean", "null");
    private static final Set<String> LINK_FIELDS = Set.of("href", "rel", "type", "titles", "properties");

    private static final Map<String, Object> INPUTS = Map.of(
            "schema", Map.of(
                    "type", "object",
                    "title", "Install inputs",
                    "description", "What an install provides",
                    "properties", Map.of(
                            "region", Map.of("type", "string", "pattern", "^[a-z]{2}-[a-z]+$", "minLength", 4,
                                    "maxLength", 30, "format", "hostname"),
                            "replicas", Map.of("type", "integer", "minimum", 1, "maximum", 9, "default", 2),
                            "tier", Map.of("type", "string", "enum", List.of("gold", "silver")),
                            "secret", Map.of("type", "string", "writeOnly", true),
                            "zones", Map.of("type", "array", "items", Map.of("type", "string"), "minItems", 1,
                                    "maxItems", 3)),
                    "required", List.of("region"),
                    "additionalProperties", false),
            "bindings", "{'region': pkg.inputs.region, 'replicas': pkg.inputs.replicas * 2, 'tier': 'gold'}");
    private static final Map<String, Object> OUTPUTS = Map.of(
            "schema", Map.of(
                    "type", "object",
                    "properties", Map.of("url", Map.of("type", "string", "readOnly", true),
                            "port", Map.of("type", "integer")),
                    "required", List.of("url")),
            "bindings", "{'url': entities.api.href, 'port': entities.api.outputs.port}");
    private static final List<Object> LINKS = List.of(
            Map.of("href", "https://docs.example/billing", "rel", "docs", "type", "text/html",
                    "titles", Map.of("en", "Documentation", "de", "Dokumentation"),
                    "properties", Map.of("urn:registry:audience", "public")),
            Map.of("href", "https://git.example/billing", "rel", "source"));
    private static final Map<String, Object> PROPERTIES = Map.of("urn:registry:team", "payments",
            "urn:registry:cost-center", 4711);
    private static final List<String> TAGS = List.of("billing", "eu");

    static {
        // other builds may rewrite target/test-classes while this test runs: load our helpers up front
        List.of(ListingTestIds.class, ConsistencyTokens.class, io.registry.api.consistency.ConsistencyToken.class,
                VersionListing.class).forEach(Class::getName);
    }

    private final JsonNode exampleItem = parse(EXAMPLE_ITEM);

    private String alice;
    private String zone;
    private String otherZone;
    private String packageId;
    private String otherPackageId;
    private String platformPackageId;
    private String platformToken;
    private final Map<String, String> versionIds = new LinkedHashMap<>();
    private final Map<String, JsonNode> confirms = new HashMap<>();
    private String lastToken;
    private String platformLastToken;

    @BeforeAll
    void publishVersions() {
        alice = token("alice", "acme");
        zone = uniqueId("zone-contract");
        otherZone = uniqueId("zone-other");
        packageId = uniqueId("contract");
        otherPackageId = uniqueId("contract-other");
        createEntity(alice, packageId, zone, "private");
        createEntity(alice, otherPackageId, otherZone, "private");

        LocalDateTime base = LocalDateTime.of(2024, 6, 10, 15, 30, 0);
        versionIds.put("minimal", ListingTestIds.versionId(base, 0));
        versionIds.put("full", ListingTestIds.versionId(base, 1));
        versionIds.put("schema-only-inputs", ListingTestIds.versionId(base, 2));
        versionIds.put("bindings-only-inputs", ListingTestIds.versionId(base, 3));

        confirm("minimal", Map.of());
        confirm("full", Map.of(
                "description", "Billing API release",
                "icon_url", "https://cdn.example/billing.png",
                "inputs", INPUTS, "outputs", OUTPUTS, "links", LINKS, "properties", PROPERTIES, "tags", TAGS));
        confirm("schema-only-inputs", Map.of(
                "inputs", Map.of("schema", Map.of("type", "object",
                        "properties", Map.of("name", Map.of("type", "string")))),
                "links", List.of(Map.of("href", "https://docs.example/minimal-link", "rel", "docs"))));
        confirm("bindings-only-inputs", Map.of(
                "inputs", Map.of("bindings", "{'tier': 'gold'}"),
                "tags", List.of("only-tag")));

        Response archived = call("DELETE", "/api/entities/" + packageId + "/versions/" + versionIds.get("minimal"),
                alice, null);
        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        lastToken = archived.json().get("consistency_token").asText();

        platformToken = token("root", "platform-org", "admin");
        platformPackageId = uniqueId("contract-platform");
        Response created = call("POST", "/api/entities", platformToken, Map.of("id", platformPackageId,
                "zone_id", zone, "name", "Platform " + platformPackageId, "owner_type", "platform",
                "description", "Entity-level description", "icon_url", "https://cdn.example/platform.png",
                "store", "private"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Response platformVersion = publish(platformToken, platformPackageId, ListingTestIds.versionId(base, 0), Map.of());
        assertThat(platformVersion.status()).as(platformVersion.body()).isEqualTo(201);
        platformLastToken = platformVersion.json().get("consistency_token").asText();
    }

    private void confirm(String label, Map<String, Object> extra) {
        Response confirmed = publish(alice, packageId, versionIds.get(label), extra);
        assertThat(confirmed.status()).as(label + ": " + confirmed.body()).isEqualTo(201);
        confirms.put(label, confirmed.json());
    }

    @Test
    void the_listing_has_exactly_the_documented_shape_and_types() {
        Response listing = list(zone, packageId, "?limit=100", alice, Map.of("X-Consistency-Token", lastToken));
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        assertThat(listing.header("X-Consistency-Stale")).isNull();
        assertThat(listing.header("Content-Type")).startsWith("application/json");
        JsonNode body = listing.json();
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("items", "pagination");
        assertThat(body.get("items").isArray()).isTrue();

        JsonNode pagination = body.get("pagination");
        assertPagination(pagination);
        assertThat(pagination.get("after_cursor").isNull()).as("no older page").isTrue();
        assertThat(pagination.get("before_cursor").isNull()).as("no newer page").isTrue();
        assertThat(pagination.get("total_count").asLong()).as("archived included").isEqualTo(4);

        List<JsonNode> items = new ArrayList<>();
        body.get("items").forEach(items::add);
        assertThat(items).extracting(i -> i.get("id").asText()).containsExactly(
                versionIds.get("bindings-only-inputs"), versionIds.get("schema-only-inputs"),
                versionIds.get("full"), versionIds.get("minimal"));
        assertThat(items).extracting(i -> i.get("version").asInt()).containsExactly(4, 3, 2, 1);
        items.forEach(this::assertDocumentedItem);

        for (JsonNode item : items) {
            String label = labelOf(item.get("id").asText());
            assertThat(item.get("name").asText()).isEqualTo("Package " + packageId);
            assertThat(item.get("owner_type").asText()).isEqualTo("customer");
            assertThat(item.get("created_by").asText()).isEqualTo("alice");
            assertThat(item.get("manifest_sha").asText()).matches("^[0-9a-f]{64}$")
                    .isEqualTo(confirms.get(label).get("manifest_sha").asText());
        }

        JsonNode minimal = items.get(3);
        assertThat(fieldNames(minimal)).as("a version without release metadata, archived: " + minimal)
                .doesNotContain("description", "icon_url", "inputs", "outputs", "links", "properties")
                .contains("archived_at", "created_by");
        if (minimal.has("tags")) {
            System.out.println("NOTE: a version confirmed without tags is listed with \"tags\": " + minimal.get("tags"));
            assertThat(minimal.get("tags")).as("tags of a version without tags").isEmpty();
        }
        assertThat(OffsetDateTime.parse(minimal.get("archived_at").asText()))
                .isAfterOrEqualTo(OffsetDateTime.parse(minimal.get("created_at").asText()));

        JsonNode full = items.get(2);
        assertThat(fieldNames(full)).as("every documented field but archived_at")
                .containsExactlyInAnyOrderElementsOf(without(fieldNames(exampleItem), "archived_at"));
        assertThat(full.get("description").asText()).isEqualTo("Billing API release");
        assertThat(full.get("icon_url").asText()).isEqualTo("https://cdn.example/billing.png");
        assertThat(full.get("inputs")).isEqualTo(JSON.valueToTree(INPUTS));
        assertThat(full.get("outputs")).isEqualTo(JSON.valueToTree(OUTPUTS));
        assertThat(full.get("links")).isEqualTo(JSON.valueToTree(LINKS));
        assertThat(full.get("properties")).isEqualTo(JSON.valueToTree(PROPERTIES));
        assertThat(full.get("tags")).isEqualTo(JSON.valueToTree(TAGS));

        JsonNode schemaOnly = items.get(1);
        assertThat(fieldNames(schemaOnly.get("inputs"))).containsExactly("schema");
        assertThat(fieldNames(schemaOnly)).doesNotContain("outputs", "archived_at", "description", "icon_url", "properties");
        assertThat(schemaOnly.get("links")).hasSize(1);
        assertThat(fieldNames(schemaOnly.get("links").get(0))).containsExactlyInAnyOrder("href", "rel");

        JsonNode bindingsOnly = items.get(0);
        assertThat(fieldNames(bindingsOnly.get("inputs"))).containsExactly("bindings");
        assertThat(bindingsOnly.get("tags")).isEqualTo(JSON.valueToTree(List.of("only-tag")));
    }

    @Test
    void a_platform_package_lists_owner_type_platform_and_the_entity_description_and_icon() {
        Response listing = list(zone, platformPackageId, "", platformToken,
                Map.of("X-Consistency-Token", platformLastToken));
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        JsonNode item = listing.json().get("items").get(0);
        assertDocumentedItem(item);
        assertThat(item.get("owner_type").asText()).isEqualTo("platform");
        assertThat(item.get("created_by").asText()).isEqualTo("root");
        assertThat(item.has("archived_at")).isFalse();
        assertPagination(listing.json().get("pagination"));
        assertThat(listing.json().get("pagination").get("total_count").asLong()).isEqualTo(1);
    }

    @Test
    void cursors_link_pages_both_ways_and_are_null_at_the_ends() {
        await();
        JsonNode first = ok(list(zone, packageId, "?limit=3", alice, Map.of()));
        assertPagination(first.get("pagination"));
        assertThat(first.get("items")).extracting(i -> i.get("version").asInt()).containsExactly(4, 3, 2);
        assertThat(first.get("pagination").get("before_cursor").isNull()).isTrue();
        String after = first.get("pagination").get("after_cursor").asText();
        assertThat(after).isNotEmpty().hasSizeLessThanOrEqualTo(255);

        JsonNode last = ok(list(zone, packageId, "?limit=3&after=" + after, alice, Map.of()));
        assertPagination(last.get("pagination"));
        assertThat(last.get("items")).extracting(i -> i.get("version").asInt()).containsExactly(1);
        assertThat(last.get("pagination").get("after_cursor").isNull()).isTrue();
        assertThat(last.get("pagination").get("total_count").asLong()).isEqualTo(4);
        String before = last.get("pagination").get("before_cursor").asText();

        JsonNode back = ok(list(zone, packageId, "?limit=3&before=" + before, alice, Map.of()));
        assertThat(back.get("items")).extracting(i -> i.get("version").asInt()).containsExactly(4, 3, 2);
        assertThat(back.get("pagination").get("before_cursor").isNull()).isTrue();
        assertThat(back.get("pagination").get("after_cursor").isNull()).isFalse();
    }

    @Test
    void the_default_limit_applies_when_limit_is_absent() throws Exception {
        int defaultLimit = VersionListing.DEFAULT_LIMIT;
        String big = uniqueId("contract-default");
        createEntity(alice, big, zone, "private");
        LocalDateTime base = LocalDateTime.of(2023, 1, 1, 0, 0, 0);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<String> tokens = new ArrayList<>();
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < defaultLimit + 3; i++) {
                String id = ListingTestIds.versionId(base, i);
                futures.add(pool.submit(() -> publish(alice, big, id, Map.of())));
            }
            for (Future<Response> f : futures) {
                Response r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                tokens.add(r.json().get("consistency_token").asText());
            }
        } finally {
            pool.shutdownNow(); // a failure must not keep publishing into the next test
        }
        String newest = ConsistencyTokens.newest(tokens);

        JsonNode first = ok(list(zone, big, "", alice, Map.of("X-Consistency-Token", newest)));
        assertThat(first.get("items")).hasSize(defaultLimit);
        assertThat(first.get("pagination").get("total_count").asLong()).isEqualTo(defaultLimit + 3);
        assertThat(first.get("items").get(0).get("version").asInt()).isEqualTo(defaultLimit + 3);
        JsonNode second = ok(list(zone, big, "?after=" + first.get("pagination").get("after_cursor").asText(),
                alice, Map.of()));
        assertThat(second.get("items")).extracting(i -> i.get("version").asInt()).containsExactly(3, 2, 1);
        assertThat(second.get("pagination").get("after_cursor").isNull()).isTrue();
    }

    @Test
    void the_readme_documents_the_default_limit() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();
        if (!Files.exists(readme)) {
            readme = Path.of(System.getProperty("user.dir")).resolve("README.md");
        }
        boolean documented = Files.readAllLines(readme).stream()
                .anyMatch(line -> line.toLowerCase().contains("limit") && line.toLowerCase().contains("default")
                        && line.contains(String.valueOf(VersionListing.DEFAULT_LIMIT)));
        assertThat(documented).as(readme + " has a line naming the listings' default limit ("
                + VersionListing.DEFAULT_LIMIT + ", VersionListing.DEFAULT_LIMIT)").isTrue();
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("limits outside 1..100")
    void limit_outside_1_to_100_is_400_naming_limit() {
        await();
        for (String limit : List.of("0", "101", "-1")) {
            assertBadRequest(list(zone, packageId, "?limit=" + limit, alice, Map.of()), "limit");
        }
        assertThat(list(zone, packageId, "?limit=1", alice, Map.of()).status()).isEqualTo(200);
        assertThat(list(zone, packageId, "?limit=100", alice, Map.of()).status()).isEqualTo(200);
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("a limit that is not a number")
    void a_limit_that_is_not_a_number_is_400_problem_details_naming_limit() {
        await();
        assertBadRequest(list(zone, packageId, "?limit=abc", alice, Map.of()), "limit");
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("cursors that are not this listing's")
    void cursor_errors_are_400_naming_the_parameter() {
        await();
        JsonNode first = ok(list(zone, packageId, "?limit=1", alice, Map.of()));
        String after = first.get("pagination").get("after_cursor").asText();
        JsonNode second = ok(list(zone, packageId, "?limit=1&after=" + after, alice, Map.of()));
        String before = second.get("pagination").get("before_cursor").asText();

        Response both = list(zone, packageId, "?after=" + after + "&before=" + before, alice, Map.of());
        assertBadRequest(both, "after");
        assertThat(errorFields(both)).contains("before");

        assertBadRequest(list(zone, packageId, "?after=" + "a".repeat(256), alice, Map.of()), "after");
        assertBadRequest(list(zone, packageId, "?before=" + "a".repeat(256), alice, Map.of()), "before");
        assertBadRequest(list(zone, packageId, "?after=not-a-cursor", alice, Map.of()), "after");
        assertBadRequest(list(zone, packageId, "?before=not-a-cursor", alice, Map.of()), "before");
        assertBadRequest(list(zone, packageId, "?after=", alice, Map.of()), "after");

        Response foreignCursor = list(zone, packageId, "?before=" + foreignCursor(), alice, Map.of());
        assertBadRequest(foreignCursor, "before");
    }

    /** A genuine cursor of another package of alice's (two versions, so its first page has an after_cursor). */
    private String foreignCursor() {
        String foreign = uniqueId("contract-foreign");
        createEntity(alice, foreign, zone, "private");
        LocalDateTime base = LocalDateTime.of(2022, 2, 2, 2, 2, 2);
        assertThat(publish(alice, foreign, ListingTestIds.versionId(base, 0), Map.of()).status()).isEqualTo(201);
        Response second = publish(alice, foreign, ListingTestIds.versionId(base, 1), Map.of());
        assertThat(second.status()).isEqualTo(201);
        JsonNode page = ok(list(zone, foreign, "?limit=1", alice,
                Map.of("X-Consistency-Token", second.json().get("consistency_token").asText())));
        return page.get("pagination").get("after_cursor").asText();
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("a package id over 70 characters")
    void an_over_long_package_id_is_400_naming_package_id() {
        Response response = list(zone, "p".repeat(71), "", alice, Map.of());
        assertBadRequest(response, "package_id");
        assertThat(list(zone, "p".repeat(70), "", alice, Map.of()).status()).isEqualTo(404);
    }

    @Test
    void unknown_zone_and_wrong_zone_are_404_problem_details() {
        await();
        Response unknownZone = list(uniqueId("no-such-zone"), packageId, "", alice, Map.of());
        assertThat(unknownZone.status()).as(unknownZone.body()).isEqualTo(404);
        assertThat(unknownZone.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknownZone.json().get("code").isTextual()).isTrue();

        Response wrongZone = list(otherZone, packageId, "", alice, Map.of());
        assertThat(wrongZone.status()).as(wrongZone.body()).isEqualTo(404);
        assertThat(wrongZone.header("Content-Type")).startsWith("application/problem+json");
        assertThat(wrongZone.body()).doesNotContain("\"items\"");

        Response outsider = list(zone, packageId, "", token("olga", "other-org"), Map.of());
        assertThat(outsider.status()).as("existence does not leak: " + outsider.body()).isEqualTo(404);
    }

    @Test
    @ContractCheck.InvalidRequestsOnPurpose("an X-Client-Request-ID that is not a UUID")
    void client_request_id_must_be_a_uuid_and_is_echoed() {
        await();
        Response bad = list(zone, packageId, "", alice, Map.of("X-Client-Request-ID", "not-a-uuid"));
        assertBadRequest(bad, "X-Client-Request-ID");

        String id = UUID.randomUUID().toString();
        Response good = list(zone, packageId, "", alice, Map.of("X-Client-Request-ID", id));
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.header("X-Client-Request-ID")).isEqualTo(id);
    }

    // ---- helpers ----

    private void await() {
        Response r = list(zone, packageId, "", alice, Map.of("X-Consistency-Token", lastToken));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** The listing; with a consistency token, asked again while the bounded wait runs out (a loaded machine). */
    private Response list(String zoneId, String entityId, String query, String token, Map<String, String> headers) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Response response = call("GET", "/zones/" + zoneId + "/packages/" + entityId + "/versions" + query, token,
                    null, headers);
            if (response.header("X-Consistency-Stale") == null || System.currentTimeMillis() > deadline) {
                return response;
            }
        }
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private String labelOf(String versionId) {
        return versionIds.entrySet().stream().filter(e -> e.getValue().equals(versionId)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static void assertBadRequest(Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).as("problem+json").startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).as("status member: " + problem).isEqualTo(400);
        assertThat(problem.path("code").isTextual()).as("stable code: " + problem).isTrue();
        assertThat(errorFields(response)).as("errors name " + field + ": " + problem).contains(field);
    }

    private static List<String> errorFields(Response response) {
        List<String> fields = new ArrayList<>();
        response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    private static void assertPagination(JsonNode pagination) {
        assertThat(fieldNames(pagination)).containsExactlyInAnyOrder("after_cursor", "before_cursor", "total_count");
        for (String cursor : List.of("after_cursor", "before_cursor")) {
            JsonNode value = pagination.get(cursor);
            assertThat(value.isNull() || value.isTextual()).as(cursor + " is a string or null: " + value).isTrue();
            if (value.isTextual()) {
                assertThat(value.asText()).hasSizeBetween(1, 255);
            }
        }
        assertThat(pagination.get("total_count").isIntegralNumber()).as("total_count integer").isTrue();
        assertThat(pagination.get("total_count").asLong()).isNotNegative();
    }

    /** The item against the document: required fields, only documented optional ones, their JSON types. */
    private void assertDocumentedItem(JsonNode item) {
        Set<String> documented = fieldNames(exampleItem);
        assertThat(fieldNames(item)).as("required fields of " + item).containsAll(REQUIRED);
        assertThat(documented).as("undocumented fields in " + item).containsAll(fieldNames(item));
        for (String field : fieldNames(item)) {
            JsonNode value = item.get(field);
            JsonNode example = exampleItem.get(field);
            assertThat(value.getNodeType()).as(field + " of " + item.get("id") + " has the documented JSON type")
                    .isEqualTo(example.getNodeType());
            if (DATE_TIMES.contains(field)) {
                OffsetDateTime.parse(value.asText());
            }
        }
        assertThat(item.get("version").isInt()).as("version is an int32").isTrue();
        assertThat(item.get("version").asInt()).isPositive();
        assertThat(item.get("owner_type").asText()).isIn("platform", "customer");
        for (String binding : List.of("inputs", "outputs")) {
            if (item.has(binding)) {
                JsonNode value = item.get(binding);
                assertThat(Set.of("bindings", "schema")).as(binding + " fields").containsAll(fieldNames(value));
                if (value.has("bindings")) {
                    assertThat(value.get("bindings").isTextual()).as(binding + ".bindings").isTrue();
                }
                if (value.has("schema")) {
                    assertSchema(value.get("schema"), exampleItem.get(binding).get("schema"), "/" + binding + "/schema");
                }
            }
        }
        if (item.has("links")) {
            for (JsonNode link : item.get("links")) {
                assertThat(link.isObject()).isTrue();
                assertThat(LINK_FIELDS).as("link fields " + link).containsAll(fieldNames(link));
                assertThat(link.path("href").isTextual()).as("link href").isTrue();
                assertThat(link.path("rel").isTextual()).as("link rel").isTrue();
                if (link.has("type")) {
                    assertThat(link.get("type").isTextual()).isTrue();
                }
                if (link.has("titles")) {
                    assertThat(link.get("titles").isObject()).isTrue();
                    link.get("titles").forEach(t -> assertThat(t.isTextual()).as("titles values").isTrue());
                }
                if (link.has("properties")) {
                    assertThat(link.get("properties").isObject()).isTrue();
                }
            }
        }
        if (item.has("tags")) {
            item.get("tags").forEach(t -> assertThat(t.isTextual()).as("tags are strings").isTrue());
        }
    }

    /** A schema uses only documented keywords with their documented types, nested schemas included. */
    private void assertSchema(JsonNode schema, JsonNode example, String pointer) {
        assertThat(schema.isObject()).as(pointer + " is an object").isTrue();
        for (String keyword : fieldNames(schema)) {
            assertThat(example.has(keyword)).as(pointer + "/" + keyword + " is a documented keyword").isTrue();
            JsonNode value = schema.get(keyword);
            if (UNKNOWN_KEYWORDS.contains(keyword)) {
                continue;
            }
            JsonNode documented = example.get(keyword);
            boolean numeric = documented.isNumber() && value.isNumber();
            assertThat(numeric || value.getNodeType() == documented.getNodeType())
                    .as(pointer + "/" + keyword + " has the documented type: " + value).isTrue();
        }
        if (schema.has("type")) {
            assertThat(schema.get("type").asText()).isIn(SCHEMA_TYPES);
        }
        if (schema.has("required")) {
            schema.get("required").forEach(r -> assertThat(r.isTextual()).isTrue());
        }
        if (schema.has("properties") && schema.get("properties").isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = schema.get("properties").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                assertSchema(entry.getValue(), example, pointer + "/properties/" + entry.getKey());
            }
        }
        if (schema.has("items") && schema.get("items").isObject()) {
            assertSchema(schema.get("items"), example, pointer + "/items");
        }
        if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
            assertSchema(schema.get("additionalProperties"), example, pointer + "/additionalProperties");
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> without(Set<String> names, String name) {
        Set<String> copy = new LinkedHashSet<>(names);
        copy.remove(name);
        return copy;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
