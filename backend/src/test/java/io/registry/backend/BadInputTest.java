package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed requests over every route, as a table: each must get a 4xx {@code application/problem+json}
 * answer with a {@code code} (naming the bad field where there is one) and must record nothing. Bodies are sent as
 * raw bytes, exactly as written here, so wrong types, duplicate keys, broken JSON and encodings reach the server
 * untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest extends BackendTestSupport {

    private static final String V1 = "2024.06.10-153042";
    private static final String V2 = "2024.06.11-090000";

    @Autowired
    JdbcTemplate jdbc;

    private String alice;
    private String entity;
    private final Map<String, String> placeholders = new LinkedHashMap<>();

    /** One request and what it must get. {@code field}: a bad field the problem must name (null: any or none). */
    record Case(String name, String method, String path, Map<String, String> headers, byte[] body, int status,
                String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void anEntityWithAVersionAndARequestedUpload() {
        alice = token("alice", "acme");
        entity = uniqueId("hostile");
        createEntity(alice, entity, "zone-bad", "private");
        Response confirmed = publish(alice, entity, V1, Map.of("set_as_active", true));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        Response ticket = call("POST", "/api/entities/" + entity + "/versions/upload-url", alice,
                Map.of("version", V2, "source_hash", "sha256:second"));
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
        placeholders.put("{E}", entity);
        placeholders.put("{V}", V1);
        placeholders.put("{STAGING}", ticket.json().get("storage_path").asText());
        placeholders.put("{LOCK}", ticket.json().get("package_lock_path").asText());
        // reads below must see the entity: wait for the read model once
        call("GET", "/api/entities/" + entity, alice, null,
                Map.of("X-Consistency-Token", confirmed.json().get("consistency_token").asText()));
    }

    Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        malformedBodies(cases);
        createEntityFields(cases);
        uploadUrlFields(cases);
        confirmFields(cases);
        setActiveAndStoreFields(cases);
        evaluateFields(cases);
        pathIdentifiers(cases);
        queryParameters(cases);
        headersAndMediaTypes(cases);
        oversizeAndDeep(cases);
        return cases.stream();
    }

    @Test
    void the_table_covers_at_least_three_hundred_requests_over_every_route() {
        List<Case> all = cases().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(300);
        assertThat(all.stream().map(c -> c.method() + " " + c.path().replaceAll("\\?.*", "")
                .replace(entity, "{E}")).distinct()).hasSizeGreaterThanOrEqualTo(18);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @ContractCheck.InvalidRequestsOnPurpose("the table of bad input: every request is malformed in one way")
    void is_refused_cleanly_and_records_nothing(Case c) throws Exception {
        long before = events(entity);

        HttpResponse<String> response = send(c);

        String body = response.body();
        assertThat(response.statusCode()).as(c.name() + ": " + body).isBetween(400, 499);
        if (c.status() > 0) {
            assertThat(response.statusCode()).as(c.name() + ": " + body).isEqualTo(c.status());
        }
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as(c.name() + ": " + body).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("code").asText()).as(c.name() + ": " + body).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
        if (c.code() != null) {
            List<String> codes = new ArrayList<>(List.of(problem.path("code").asText()));
            problem.path("errors").forEach(e -> codes.add(e.path("code").asText()));
            assertThat(codes).as(c.name() + ": " + body).contains(c.code());
        }
        if (c.field() != null) {
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
            assertThat(fields).as(c.name() + ": " + body).anySatisfy(f -> assertThat(f).contains(c.field()));
        }
        assertThat(events(entity)).as(c.name() + ": events recorded on the entity").isEqualTo(before);
    }

    // ---- the table ----

    private void malformedBodies(List<Case> cases) {
        Map<String, String> bodyRoutes = new LinkedHashMap<>();
        bodyRoutes.put("create", "POST /api/entities");
        bodyRoutes.put("store", "PUT /api/entities/{E}/store");
        bodyRoutes.put("upload-url", "POST /api/entities/{E}/versions/upload-url");
        bodyRoutes.put("confirm", "POST /api/entities/{E}/versions/confirm");
        bodyRoutes.put("set-active", "PUT /api/entities/{E}/versions/active");
        bodyRoutes.put("set-channel", "PUT /api/entities/{E}/channels/beta");
        bodyRoutes.put("retention", "PUT /api/entities/{E}/retention");
        bodyRoutes.put("inputs-evaluate", "POST /api/entities/{E}/versions/{V}/inputs/evaluate");
        bodyRoutes.put("outputs-evaluate", "POST /api/entities/{E}/versions/{V}/outputs/evaluate");
        Map<String, byte[]> broken = new LinkedHashMap<>();
        broken.put("empty body", new byte[0]);
        broken.put("unclosed object", utf8("{"));
        broken.put("an array", utf8("[]"));
        broken.put("a string", utf8("\"body\""));
        broken.put("a number", utf8("42"));
        broken.put("null", utf8("null"));
        broken.put("two documents", utf8("{}{}"));
        broken.put("single quotes", utf8("{'store': 'org'}"));
        broken.put("comment", utf8("/* hi */ {}"));
        broken.put("NaN", utf8("{\"x\": NaN}"));
        broken.put("trailing comma", utf8("{\"store\": \"org\",}"));
        broken.put("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        broken.put("unquoted key", utf8("{store: \"org\"}"));
        bodyRoutes.forEach((route, methodPath) -> broken.forEach((what, bytes) -> {
            String[] mp = methodPath.split(" ", 2);
            cases.add(new Case(route + ": " + what, mp[0], mp[1], json(), bytes, 400, null, null));
        }));
    }

    private void createEntityFields(List<Case> cases) {
        Map<String, String> base = ordered("id", q("bad-never"), "zone_id", q("zone-bad"), "name", q("Never"));
        String[][] table = {
                // field, raw JSON value, code
                {"id", "123", "invalid_type"}, {"id", "true", "invalid_type"}, {"id", "1.5", "invalid_type"},
                {"id", "[]", "invalid_type"}, {"id", "{}", "invalid_type"}, {"id", "null", "required"},
                {"id", q(""), null}, {"id", q(" bob"), "invalid_format"}, {"id", q("bob "), "invalid_format"},
                {"id", q("\\u202ebob"), "invalid_format"}, {"id", q("a\\u0007b"), "invalid_format"},
                {"id", q("a\\u0000b"), "invalid_format"}, {"id", q("\\ud800x"), "invalid_format"},
                {"id", q("-lead"), "invalid_format"}, {"id", q("a/b"), "invalid_format"},
                {"id", q("../x"), "invalid_format"}, {"id", q("x".repeat(71)), "invalid_format"},
                {"id", q("caf\\u00e9"), "invalid_format"},
                {"zone_id", "7", "invalid_type"}, {"zone_id", q("zone one"), "invalid_format"},
                {"zone_id", q("z\\u2066"), "invalid_format"}, {"zone_id", "null", "required"},
                {"name", "1", "invalid_type"}, {"name", "false", "invalid_type"}, {"name", q(""), "required"},
                {"name", q("   "), "required"}, {"name", q("a\\u0000b"), "invalid_format"},
                {"name", q("bell\\u0007"), "invalid_format"}, {"name", q("\\udc00"), "invalid_format"},
                {"name", q("evil\\u202etxt.exe"), "invalid_format"}, {"name", q("line\\nbreak"), "invalid_format"},
                {"name", q("n".repeat(201)), "out_of_range"},
                {"description", "[]", "invalid_type"}, {"description", q("esc\\u001b[31m"), "invalid_format"},
                {"description", q("d".repeat(4001)), "out_of_range"},
                {"icon_url", q("javascript:alert(1)"), "invalid_format"},
                {"icon_url", q("https://icons.example/a b.png"), "invalid_format"},
                {"icon_url", q("https://icons.example/\\u0007.png"), "invalid_format"}, {"icon_url", "1", "invalid_type"},
                {"owner_type", q("partner"), "invalid_format"}, {"owner_type", "1", "invalid_type"},
                {"owner_type", q("PLATFORM"), "invalid_format"},
                {"organization_id", q(" acme"), "invalid_format"}, {"organization_id", "5", "invalid_type"},
                {"organization_id", q("acme\\u0000"), "invalid_format"},
                {"store", q("PRIVATE"), "invalid_format"}, {"store", "1", "invalid_type"},
                {"store", q("secret"), "invalid_format"},
                {"unknown", "1", "unknown_field"}, {"Id", q("x"), "unknown_field"},
        };
        for (String[] row : table) {
            cases.add(new Case("create: " + row[0] + " = " + row[1], "POST", "/api/entities", json(),
                    utf8(with(base, row[0], row[1])), 400, row[2], row[0]));
        }
        cases.add(new Case("create: duplicate key id", "POST", "/api/entities", json(),
                utf8("{\"id\": \"bad-dup-a\", \"id\": \"bad-dup-b\", \"zone_id\": \"zone-bad\", \"name\": \"n\"}"), 400,
                "duplicate_field", "id"));
        cases.add(new Case("create: duplicate key nested in nothing but a repeated name", "POST", "/api/entities",
                json(), utf8("{\"id\": \"bad-dup-c\", \"zone_id\": \"zone-bad\", \"name\": \"n\", \"name\": \"m\"}"),
                400, "duplicate_field", "name"));
        cases.add(new Case("create: missing every field", "POST", "/api/entities", json(), utf8("{}"), 400,
                "required", "id"));
        cases.add(new Case("create: an existing id", "POST", "/api/entities", json(),
                utf8(with(base, "id", q("{E}"))), 409, "entity_exists", null));
    }

    private void uploadUrlFields(List<Case> cases) {
        String path = "/api/entities/{E}/versions/upload-url";
        Map<String, String> base = ordered("version", q("2024.07.01-000000"), "source_hash", q("sha256:aa11"));
        String[][] table = {
                {"version", "20240610", "invalid_type"}, {"version", q(""), "invalid_format"},
                {"version", "null", "required"}, {"version", q("2024.13.01-000000"), "invalid_format"},
                {"version", q("2024.02.30-000000"), "invalid_format"}, {"version", q("2024.06.10-246000"), "invalid_format"},
                {"version", q("2024-06-10T15:30:42"), "invalid_format"}, {"version", q(" 2024.06.10-153042"), "invalid_format"},
                {"version", q("2024.06.10-153042\\n"), "invalid_format"}, {"version", "[\"2024.06.10-153042\"]", "invalid_type"},
                {"source_hash", "123", "invalid_type"}, {"source_hash", "1.5", "invalid_type"},
                {"source_hash", "true", "invalid_type"}, {"source_hash", q(""), "required"},
                {"source_hash", q("sha256:a b"), "invalid_format"}, {"source_hash", q("sha256:\\u0000"), "invalid_format"},
                {"source_hash", q("h".repeat(257)), "out_of_range"}, {"source_hash", "{}", "invalid_type"},
                {"base_version_id", "1", "invalid_type"}, {"base_version_id", q(""), "invalid_format"},
                {"base_version_id", q("latest"), "invalid_format"},
                {"force", "1", "invalid_type"}, {"force", q("true"), "invalid_type"}, {"force", q(""), "invalid_type"},
                {"force", "0", "invalid_type"}, {"force", "[true]", "invalid_type"},
                {"storage_path", q("x"), "unknown_field"},
        };
        for (String[] row : table) {
            cases.add(new Case("upload-url: " + row[0] + " = " + row[1], "POST", path, json(),
                    utf8(with(base, row[0], row[1])), 400, row[2], row[0]));
        }
        cases.add(new Case("upload-url: duplicate key version", "POST", path, json(),
                utf8("{\"version\": \"2024.07.01-000000\", \"version\": \"2024.07.02-000000\", \"source_hash\": \"sha256:x\"}"),
                400, "duplicate_field", "version"));
        cases.add(new Case("upload-url: unknown base version", "POST", path, json(),
                utf8(with(base, "base_version_id", q("2020.01.01-000000"))), 400, "unknown_base_version", null));
        cases.add(new Case("upload-url: an already confirmed version", "POST", path, json(),
                utf8(with(base, "version", q(V1))), 409, "version_exists", null));
    }

    private void confirmFields(List<Case> cases) {
        String path = "/api/entities/{E}/versions/confirm";
        Map<String, String> base = ordered("storage_path", q("{STAGING}"), "version", q(V2),
                "source_hash", q("sha256:second"), "file_size_bytes", "4");
        String[][] table = {
                {"file_size_bytes", q("10"), "invalid_type"}, {"file_size_bytes", "1.5", "invalid_type"},
                {"file_size_bytes", "-1", "out_of_range"}, {"file_size_bytes", "1e30", null},
                {"file_size_bytes", "99999999999999999999", null}, {"file_size_bytes", "true", "invalid_type"},
                {"file_size_bytes", "null", "required"}, {"file_size_bytes", "[4]", "invalid_type"},
                {"set_as_active", "2", "invalid_type"}, {"set_as_active", q("true"), "invalid_type"},
                {"set_as_active", "1", "invalid_type"}, {"force", "1", "invalid_type"}, {"force", q(""), "invalid_type"},
                {"service_dependencies", "[1]", "invalid_type"}, {"service_dependencies", q("postgres"), "invalid_type"},
                {"service_dependencies", "[null]", "required"}, {"service_dependencies", "[\"\"]", null},
                {"service_dependencies", "[\"Postgres\"]", "invalid_format"},
                {"service_dependencies", "[\"a b\"]", "invalid_format"}, {"service_dependencies", "{}", "invalid_type"},
                {"storage_path", q("../../etc/passwd"), "invalid_format"}, {"storage_path", q("/etc/passwd"), "invalid_format"},
                {"storage_path", q("uploads/x\\u0000/y"), "invalid_format"}, {"storage_path", q(""), "required"},
                {"storage_path", "17", "invalid_type"}, {"storage_path", q("blobs/sha256/" + "0".repeat(64)), "invalid_format"},
                {"storage_path", q("uploads/other-entity/" + V2 + "/0123456789abcdef/package.tgz"), "invalid_format"},
                {"storage_path", q("uploads/{E}/" + V2 + "/../../../x/package.tgz"), "invalid_format"},
                {"storage_path", q("{STAGING}/../package.tgz"), "invalid_format"},
                {"package_lock_path", q("../../etc/passwd"), "invalid_format"},
                {"package_lock_path", q("/etc/shadow"), "invalid_format"},
                {"package_lock_path", q("uploads/{E}/" + V2 + "/0123456789abcdef/package-lock.json\\u0000"), "invalid_format"},
                {"package_lock_path", q(""), "out_of_range"}, {"package_lock_path", "[]", "invalid_type"},
                {"package_lock_path", q("{STAGING}"), "invalid_format"},
                {"version", q(V1), null}, {"version", "1", "invalid_type"},
                {"source_hash", "123", "invalid_type"}, {"source_hash", q("x y"), "invalid_format"},
                {"package_json", "[]", "invalid_type"}, {"package_json", q("{}"), "invalid_type"},
                {"package_json", "1", "invalid_type"},
                {"description", "1", "invalid_type"}, {"description", q("\\u0000"), "invalid_format"},
                {"icon_url", q("ftp://x"), "invalid_format"},
                {"tags", "[1]", null}, {"tags", q("tag"), null}, {"tags", "[\"\"]", null},
                {"links", "{}", null}, {"links", "[{\"href\": 1}]", null},
                {"properties", "[]", null}, {"properties", "{\"not a urn\": 1}", null},
                {"inputs", "[]", null}, {"inputs", "{\"schema\": {\"type\": \"strin\"}}", null},
                {"inputs", "{\"schema\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", "
                        + "\"default\": 5}}}}", "invalid_default"},
                {"inputs", "{\"schema\": {\"type\": \"object\"}, \"bindings\": \"{'a': undeclared.x}\"}", null},
                {"outputs", "{\"schema\": {\"type\": \"object\", \"properties\": {\"u\": {\"type\": \"string\"}}}, "
                        + "\"bindings\": \"{'v': 1}\"}", null},
                {"unknown", "true", "unknown_field"},
        };
        for (String[] row : table) {
            cases.add(new Case("confirm: " + row[0] + " = " + row[1], "POST", path, json(),
                    utf8(with(base, row[0], row[1])), 0, row[2], null));
        }
        cases.add(new Case("confirm: duplicate key file_size_bytes", "POST", path, json(),
                utf8(with(base, "file_size_bytes", "4, \"file_size_bytes\": 5")), 400, "duplicate_field",
                "file_size_bytes"));
        cases.add(new Case("confirm: duplicate key inside package_json", "POST", path, json(),
                utf8(with(base, "package_json", "{\"name\": \"a\", \"name\": \"b\"}")), 400, "duplicate_field", "name"));
        cases.add(new Case("confirm: nothing uploaded yet", "POST", path, json(), utf8(with(base, "force", "true")),
                412, "package_not_uploaded", null));
        cases.add(new Case("confirm: a version never requested", "POST", path, json(),
                utf8(with(replaced(base, "version", q("2024.08.01-000000")), "storage_path",
                        q("uploads/{E}/2024.08.01-000000/0123456789abcdef/package.tgz"))), 400, "upload_not_requested",
                null));
    }

    private void setActiveAndStoreFields(List<Case> cases) {
        String active = "/api/entities/{E}/versions/active";
        String[][] bodies = {
                {"{\"versionId\": 1}", "invalid_type", "versionId"},
                {"{\"versionId\": \"\"}", "invalid_format", null},
                {"{\"versionId\": null}", "required", "versionId"},
                {"{}", "required", "versionId"},
                {"{\"versionId\": \"" + V1 + "\", \"version_id\": \"" + V1 + "\"}", "ambiguous", "versionId"},
                {"{\"versionId\": \"" + V1 + "\", \"versionId\": \"" + V1 + "\"}", "duplicate_field", "versionId"},
                {"{\"version_id\": \"" + V1 + "\", \"version_id\": \"" + V1 + "\"}", "duplicate_field", "version_id"},
                {"{\"versionId\": \"latest\"}", "invalid_format", null},
                {"{\"versionId\": [\"" + V1 + "\"]}", "invalid_type", "versionId"},
                {"{\"versionId\": \"" + V1 + "\", \"force\": true}", "unknown_field", "force"},
                {"{\"versionid\": \"" + V1 + "\"}", "unknown_field", "versionid"},
                {"{\"versionId\": \"2024.01.01-000000\"}", "version_not_found", null},
        };
        for (String[] row : bodies) {
            cases.add(new Case("set-active: " + row[0], "PUT", active, json(), utf8(row[0]), 0, row[1], row[2]));
        }
        String store = "/api/entities/{E}/store";
        String[][] stores = {
                {"{\"store\": 1}", "invalid_type"}, {"{\"store\": \"ORG\"}", "invalid_format"},
                {"{\"store\": \"\"}", "invalid_format"}, {"{\"store\": null}", "required"}, {"{}", "required"},
                {"{\"store\": [\"org\"]}", "invalid_type"}, {"{\"store\": \"org\", \"store\": \"public\"}", "duplicate_field"},
                {"{\"store\": \"org\", \"x\": 1}", "unknown_field"}, {"{\"store\": \" org\"}", "invalid_format"},
                {"{\"store\": true}", "invalid_type"},
        };
        for (String[] row : stores) {
            cases.add(new Case("store: " + row[0], "PUT", store, json(), utf8(row[0]), 400, row[1], null));
        }
    }

    private void evaluateFields(List<Case> cases) {
        String inputs = "/api/entities/{E}/versions/{V}/inputs/evaluate";
        String outputs = "/api/entities/{E}/versions/{V}/outputs/evaluate";
        String[][] table = {
                {inputs, "{\"inputs\": []}", "required"}, {inputs, "{\"inputs\": \"x\"}", "required"},
                {inputs, "{}", "required"}, {inputs, "{\"inputs\": {}, \"extra\": 1}", "unknown_field"},
                {inputs, "{\"inputs\": {}, \"inputs\": {}}", "duplicate_field"},
                {inputs, "{\"inputs\": null}", "required"},
                {outputs, "{\"entities\": []}", "required"}, {outputs, "{}", "required"},
                {outputs, "{\"entities\": {}, \"dry_run\": true}", "unknown_field"},
                {outputs, "{\"entities\": 1}", "required"},
        };
        for (String[] row : table) {
            cases.add(new Case("evaluate " + (row[0].equals(inputs) ? "inputs" : "outputs") + ": " + row[1], "POST",
                    row[0], json(), utf8(row[1]), 400, row[2], null));
        }
    }

    private void pathIdentifiers(List<Case> cases) {
        String[] badEntityIds = {"%20bob", "bob%20", "%E2%80%AEbob", "a%07b", "-lead", "x".repeat(71), "caf%C3%A9",
                "a%2Cb", "%F0%9F%98%80"};
        String[] badVersionIds = {"2024.02.30-000000", "latest", "2024.06.10-15304", "2024.06.10-153042%20",
                "%E2%80%AE2024.06.10-153042"};
        String[] badUserIds = {"%20bob", "bob%20", "%E2%80%AEbob", "%07", "a%00b", "u".repeat(201), "%C3%A9mile",
                "-bob", "bob%0D%0AX-Injected:%201"};
        for (String id : badEntityIds) {
            String label = id.length() > 20 ? id.substring(0, 20) + "..." : id;
            cases.add(new Case("get entity " + label, "GET", "/api/entities/" + id, auth(), null, 400, "invalid_format", "entityId"));
            cases.add(new Case("list versions of " + label, "GET", "/api/entities/" + id + "/versions", auth(), null, 400, "invalid_format", null));
            cases.add(new Case("history of " + label, "GET", "/api/entities/" + id + "/history", auth(), null, 400, "invalid_format", null));
            cases.add(new Case("store of " + label, "PUT", "/api/entities/" + id + "/store", json(),
                    utf8("{\"store\": \"org\"}"), 400, "invalid_format", null));
            cases.add(new Case("zone listing of package " + label, "GET", "/zones/zone-bad/packages/" + id + "/versions",
                    auth(), null, 400, "invalid_format", "package_id"));
            cases.add(new Case("zone listing in zone " + label, "GET", "/zones/" + id + "/packages/{E}/versions",
                    auth(), null, 400, "invalid_format", "zone_id"));
        }
        for (String id : badVersionIds) {
            cases.add(new Case("get version " + id, "GET", "/api/entities/{E}/versions/" + id, auth(), null, 400, "invalid_format", "versionId"));
            cases.add(new Case("download " + id, "GET", "/api/entities/{E}/versions/" + id + "/download", auth(), null, 400, "invalid_format", null));
            cases.add(new Case("lineage " + id, "GET", "/api/entities/{E}/versions/" + id + "/lineage", auth(), null, 400, "invalid_format", null));
            cases.add(new Case("archive " + id, "DELETE", "/api/entities/{E}/versions/" + id, auth(), null, 400, "invalid_format", null));
            cases.add(new Case("evaluate inputs of " + id, "POST", "/api/entities/{E}/versions/" + id + "/inputs/evaluate",
                    json(), utf8("{\"inputs\": {}}"), 400, "invalid_format", null));
        }
        for (String id : badUserIds) {
            String label = id.length() > 20 ? id.substring(0, 20) + "..." : id;
            // refused before any route runs, so no field is named: Tomcat does not decode %00 (invalid_url), the
            // security firewall refuses an encoded CR or LF (rejected_url)
            String edge = id.contains("%00") ? "invalid_url" : id.contains("%0D") ? "rejected_url" : null;
            String code = edge != null ? edge : "invalid_format";
            String field = edge != null ? null : "userId";
            cases.add(new Case("grant publisher " + label, "PUT", "/api/entities/{E}/publishers/" + id, auth(), null, 400, code, field));
            cases.add(new Case("revoke publisher " + label, "DELETE", "/api/entities/{E}/publishers/" + id, auth(), null, 400, code, field));
            cases.add(new Case("share with " + label, "PUT", "/api/entities/{E}/shares/" + id, auth(), null, 400, code, field));
            cases.add(new Case("unshare " + label, "DELETE", "/api/entities/{E}/shares/" + id, auth(), null, 400, code, field));
        }
        cases.add(new Case("archive the active version", "DELETE", "/api/entities/{E}/versions/{V}", auth(), null, 409,
                "version_active", null));
        cases.add(new Case("revoke the last publisher", "DELETE", "/api/entities/{E}/publishers/alice", auth(), null,
                409, "last_publisher", null));
    }

    private void queryParameters(List<Case> cases) {
        String[] listings = {"/api/entities/{E}/versions", "/zones/zone-bad/packages/{E}/versions",
                "/api/entities/{E}/history"};
        String[] bad = {"limit=", "limit=%205", "limit=5%20", "limit=0", "limit=101", "limit=abc", "limit=1.5",
                "limit=-1", "limit=%2B5", "limit=1&limit=2", "limit=99999999999", "after=", "after=garbage",
                "before=garbage", "after=%00", "before=", "after=a&after=b", "unknown=1", "Limit=5"};
        for (String listing : listings) {
            for (String query : bad) {
                cases.add(new Case("GET " + listing.replace("{E}", "E") + "?" + query, "GET", listing + "?" + query,
                        auth(), null, 400, null, null));
            }
        }
        String lineage = "/api/entities/{E}/versions/{V}/lineage";
        for (String query : new String[] {"depth=", "depth=0", "depth=101", "depth=x", "depth=1&depth=2", "limit=0",
                "limit=1001", "limit=", "depth=%201", "since=1"}) {
            cases.add(new Case("lineage ?" + query, "GET", lineage + "?" + query, auth(), null, 400, null, null));
        }
    }

    private void headersAndMediaTypes(List<Case> cases) {
        String path = "/api/entities/{E}/store";
        byte[] body = utf8("{\"store\": \"org\"}");
        cases.add(new Case("X-Client-Request-ID not a UUID", "PUT", path,
                headers("Content-Type", "application/json", "X-Client-Request-ID", "not-a-uuid"), body, 400,
                "invalid_format", "X-Client-Request-ID"));
        cases.add(new Case("X-Client-Request-ID too long", "PUT", path,
                headers("Content-Type", "application/json", "X-Client-Request-ID",
                        "123e4567-e89b-12d3-a456-4266141740001"), body, 400, "invalid_format", null));
        for (String ifMatch : new String[] {"abc", "\"-1\"", "\"1.5\"", "\"99999999999999999999\"", "\"\""}) {
            cases.add(new Case("If-Match " + ifMatch, "PUT", path,
                    headers("Content-Type", "application/json", "If-Match", ifMatch), body, 400, "invalid_format", "If-Match"));
        }
        cases.add(new Case("If-Match of an older sequence", "PUT", path,
                headers("Content-Type", "application/json", "If-Match", "\"0\""), body, 412, "stale_entity", null));
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x"}) {
            cases.add(new Case("Content-Type " + type, "PUT", path, headers("Content-Type", type), body, 415, null, null));
        }
        cases.add(new Case("no Content-Type", "PUT", path, auth(), body, 415, null, null));
        cases.add(new Case("charset utf-16 with UTF-8 bytes", "PUT", path,
                headers("Content-Type", "application/json; charset=utf-16"), body, 415, null, null));
        cases.add(new Case("charset latin1", "POST", "/api/entities/{E}/versions/upload-url",
                headers("Content-Type", "application/json; charset=ISO-8859-1"),
                utf8("{\"version\": \"2024.07.01-000000\", \"source_hash\": \"sha256:aa\"}"), 415, null, null));
        cases.add(new Case("X-Consistency-Token garbage", "GET", "/api/entities/{E}",
                headers("X-Consistency-Token", "%%%"), null, 400, null, null));
        cases.add(new Case("method not allowed", "PATCH", "/api/entities/{E}", json(), utf8("{}"), 405, null, null));
        cases.add(new Case("no such route", "GET", "/api/entities/{E}/nope", auth(), null, 404, null, null));
        cases.add(new Case("GET /error", "GET", "/error", auth(), null, 404, null, null));
        for (String token : new String[] {"{\"sub\": 1}", "{\"sub\": \" bob\"}", "{\"sub\": \"bob\\u202e\"}",
                "{\"sub\": \"\"}", "{}", "{\"sub\": \"alice\", \"roles\": \"admin\"}",
                "{\"sub\": \"alice\", \"roles\": [1]}", "{\"sub\": \"alice\", \"org\": \" acme\"}",
                "{\"sub\": \"alice\", \"extra\": 1}", "{\"sub\": \"alice\", \"sub\": \"root\"}"}) {
            cases.add(new Case("dev token " + token, "POST", "/dev/tokens", json(), utf8(token), 400, null, null));
        }
        cases.add(new Case("rebuild as a non-admin", "POST", "/admin/read-models/rebuild", auth(), null, 403, null, null));
        cases.add(new Case("parked events as a non-admin", "GET", "/admin/kafka/parked", auth(), null, 403, null, null));
    }

    private void oversizeAndDeep(List<Case> cases) {
        String confirm = "/api/entities/{E}/versions/confirm";
        String deep = "[".repeat(200) + "]".repeat(200);
        cases.add(new Case("confirm: package_json nested 200 deep", "POST", confirm, json(),
                utf8("{\"storage_path\": \"{STAGING}\", \"version\": \"" + V2 + "\", \"source_hash\": \"sha256:second\", "
                        + "\"file_size_bytes\": 4, \"package_json\": {\"a\": " + deep + "}}"), 400, null, null));
        cases.add(new Case("create: a body of 2 MiB", "POST", "/api/entities", json(),
                utf8("{\"id\": \"bad-big\", \"zone_id\": \"zone-bad\", \"name\": \"" + "n".repeat(2 * 1024 * 1024) + "\"}"),
                413, null, null));
        cases.add(new Case("confirm: a body of 3 MiB", "POST", confirm, json(),
                utf8("{\"storage_path\": \"{STAGING}\", \"package_json\": {\"x\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}}"),
                413, null, null));
        cases.add(new Case("confirm: package_json over its limit", "POST", confirm, json(),
                utf8("{\"storage_path\": \"{STAGING}\", \"version\": \"" + V2 + "\", \"source_hash\": \"sha256:second\", "
                        + "\"file_size_bytes\": 4, \"package_json\": {\"x\": \"" + "x".repeat(300 * 1024) + "\"}}"),
                400, "too_large", "package_json"));
        cases.add(new Case("create: a number of 200 digits", "POST", "/api/entities", json(),
                utf8("{\"id\": \"bad-num\", \"zone_id\": \"zone-bad\", \"name\": \"n\", \"x\": " + "9".repeat(200) + "}"),
                400, null, null));
        cases.add(new Case("upload-url: a deep object", "POST", "/api/entities/{E}/versions/upload-url", json(),
                utf8("{\"version\": " + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}"), 400, null, null));
    }

    // ---- helpers ----

    private HttpResponse<String> send(Case c) throws IOException, InterruptedException {
        String path = substitute(c.path());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        Map<String, String> headers = new LinkedHashMap<>(c.headers());
        if (!headers.containsKey("Authorization")) {
            headers.put("Authorization", "Bearer " + alice);
        }
        headers.forEach(request::header);
        byte[] body = c.body() == null ? null : utf8(substitute(new String(c.body(), StandardCharsets.UTF_8)), c.body());
        request.method(c.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> sent = new LinkedHashMap<>();
        headers.forEach((name, value) -> sent.put(name, List.of(value)));
        ContractCheck.verify(new ContractCheck.Exchange(c.method(), path, sent,
                body == null ? null : new String(body, StandardCharsets.UTF_8), response.statusCode(),
                response.headers().map(), response.body()), false);
        return response;
    }

    /** Placeholders in a body are replaced only when the body is valid UTF-8 text (broken bytes are sent as they are). */
    private static byte[] utf8(String substituted, byte[] original) {
        String decoded = new String(original, StandardCharsets.UTF_8);
        return decoded.contains("\uFFFD") ? original : substituted.getBytes(StandardCharsets.UTF_8);
    }

    private String substitute(String text) {
        String result = text;
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            result = result.replace(p.getKey(), p.getValue());
        }
        return result;
    }

    private long events(String entityId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, entityId);
    }

    private static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    private static Map<String, String> auth() {
        return Map.of();
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal of {@code text} (which may hold JSON escapes, written as they should be sent). */
    private static String q(String text) {
        return "\"" + text + "\"";
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The base body with {@code field} set to the raw JSON {@code value} (added when absent). */
    private static String with(Map<String, String> base, String field, String value) {
        Map<String, String> fields = new LinkedHashMap<>(base);
        fields.put(field, value);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return json.append('}').toString();
    }

    private static Map<String, String> replaced(Map<String, String> base, String field, String value) {
        Map<String, String> fields = new LinkedHashMap<>(base);
        fields.put(field, value);
        return fields;
    }
}
