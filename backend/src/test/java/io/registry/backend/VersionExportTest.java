package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /zones/{zone_id}/packages/{package_id}/versions/export}: every version in one NDJSON response, exactly as
 * the listing's pages show them, with a weak ETag for conditional GETs and gzip for clients that ask for it.
 */
class VersionExportTest extends BackendTestSupport {

    private static final LocalDateTime BASE = LocalDateTime.of(2022, 5, 1, 9, 0, 0);

    @Test
    void the_export_is_every_version_newest_first_exactly_as_the_listing_pages_show_them() throws Exception {
        String alice = token("alice", "acme");
        String zone = uniqueId("zone-export");
        String pkg = uniqueId("export");
        createEntity(alice, pkg, zone, "private");
        String consistency = null;
        for (int i = 0; i < 7; i++) {
            Response confirmed = publish(alice, pkg, ListingTestIds.versionId(BASE, i), Map.of("tags", List.of("t" + i)));
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        }
        Response archived = call("DELETE", "/api/entities/" + pkg + "/versions/" + ListingTestIds.versionId(BASE, 2),
                alice, null);
        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        consistency = archived.json().get("consistency_token").asText();

        List<JsonNode> paged = new ArrayList<>();
        String path = "/zones/" + zone + "/packages/" + pkg + "/versions?limit=3";
        Response page = call("GET", path, alice, null, Map.of("X-Consistency-Token", consistency));
        while (true) {
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(paged::add);
            JsonNode after = page.json().get("pagination").get("after_cursor");
            if (after.isNull()) {
                break;
            }
            page = call("GET", path + "&after=" + after.asText(), alice, null);
        }
        assertThat(paged).hasSize(7);

        String exportPath = "/zones/" + zone + "/packages/" + pkg + "/versions/export";
        Response export = call("GET", exportPath, alice, null, Map.of("X-Consistency-Token", consistency));
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(lines(export.body())).as("one listing item per line, newest first").isEqualTo(paged);
        assertThat(export.body()).endsWith("}\n");
        String etag = export.header("ETag");
        assertThat(etag).startsWith("W/\"");

        Response unchanged = call("GET", exportPath, alice, null, Map.of("If-None-Match", etag));
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.header("ETag")).isEqualTo(etag);

        HttpResponse<byte[]> gzipped = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + exportPath))
                .header("Authorization", "Bearer " + alice).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(gzipped.body())).isEqualTo(export.body());

        Response another = publish(alice, pkg, ListingTestIds.versionId(BASE, 7), Map.of());
        assertThat(another.status()).as(another.body()).isEqualTo(201);
        Response changed = call("GET", exportPath, alice, null, Map.of("If-None-Match", etag,
                "X-Consistency-Token", another.json().get("consistency_token").asText()));
        assertThat(changed.status()).as("the package changed: the whole export again").isEqualTo(200);
        assertThat(lines(changed.body())).hasSize(8);
        assertThat(lines(changed.body()).get(0).get("id").asText()).isEqualTo(ListingTestIds.versionId(BASE, 7));
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
    }

    @Test
    void the_export_follows_the_access_rules_of_the_listing() {
        String alice = token("alice", "acme");
        String zone = uniqueId("zone-export");
        String pkg = uniqueId("export");
        String created = createEntity(alice, pkg, zone, "private");
        String exportPath = "/zones/" + zone + "/packages/" + pkg + "/versions/export";

        Response empty = call("GET", exportPath, alice, null, Map.of("X-Consistency-Token", created));
        assertThat(empty.status()).as(empty.body()).isEqualTo(200);
        assertThat(empty.body()).as("no versions yet: no lines").isEmpty();

        String mallory = token("mallory", "evil");
        Response stranger = call("GET", exportPath, mallory, null);
        Response strangerListing = call("GET", "/zones/" + zone + "/packages/" + pkg + "/versions", mallory, null);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.json().get("code")).as("the listing's answer to the same caller")
                .isEqualTo(strangerListing.json().get("code"));
        assertThat(call("GET", exportPath, null, null).status()).isEqualTo(401);
        Response otherZone = call("GET", "/zones/" + uniqueId("nowhere") + "/packages/" + pkg + "/versions/export",
                alice, null);
        assertThat(otherZone.status()).isEqualTo(404);
    }

    private static List<JsonNode> lines(String body) throws IOException {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                parsed.add(JSON.readTree(line));
            }
        }
        return parsed;
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
