package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LineageAndHistoryTest extends BackendTestSupport {

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyy.MM.dd-HHmmss");
    private static final LocalDateTime T0 = LocalDateTime.of(2024, 6, 10, 12, 0, 0);

    private static String v(int i) {
        return T0.plusSeconds(i).format(ID);
    }

    @Test
    void lineage_follows_branches_and_a_deep_chain() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("lineage");
        createEntity(alice, entityId, "zone-l", "private");
        // v0 <- v1 <- v3 <- v4 <- ... <- v43 (deep chain); v0 <- v2 (a branch sharing the base v0)
        publishOk(alice, entityId, v(0), null);
        publishOk(alice, entityId, v(1), v(0));
        publishOk(alice, entityId, v(2), v(0));
        String last = publishOk(alice, entityId, v(3), v(1));
        for (int i = 4; i <= 43; i++) {
            last = publishOk(alice, entityId, v(i), v(i - 1));
        }

        JsonNode root = call("GET", lineagePath(entityId, v(0)) + "?depth=2", alice, null,
                Map.of("X-Consistency-Token", last)).json();
        assertThat(root.get("ancestors")).isEmpty();
        JsonNode children = root.get("descendants");
        assertThat(children).extracting(n -> n.get("id").asText()).containsExactly(v(1), v(2));
        assertThat(children.get(0).get("children")).extracting(n -> n.get("id").asText()).containsExactly(v(3));
        assertThat(children.get(0).get("children").get(0).get("children")).isEmpty();
        assertThat(children.get(1).get("children")).isEmpty();
        assertThat(root.get("descendant_count").asInt()).isEqualTo(3);
        assertThat(root.get("descendants_truncated").asBoolean()).isTrue();

        JsonNode deepest = call("GET", lineagePath(entityId, v(43)), alice, null).json();
        assertThat(deepest.get("ancestors")).hasSize(10);
        assertThat(deepest.get("ancestors").get(0).get("id").asText()).isEqualTo(v(42));
        assertThat(deepest.get("ancestors_truncated").asBoolean()).isTrue();
        assertThat(deepest.get("descendants")).isEmpty();

        JsonNode whole = call("GET", lineagePath(entityId, v(43)) + "?depth=100", alice, null).json();
        List<String> chain = new ArrayList<>();
        whole.get("ancestors").forEach(n -> chain.add(n.get("id").asText()));
        List<String> expected = new ArrayList<>();
        for (int i = 42; i >= 3; i--) {
            expected.add(v(i));
        }
        expected.add(v(1));
        expected.add(v(0));
        assertThat(chain).containsExactlyElementsOf(expected);
        assertThat(whole.get("ancestors_truncated").asBoolean()).isFalse();

        JsonNode all = call("GET", lineagePath(entityId, v(0)) + "?depth=100&limit=1000", alice, null).json();
        assertThat(all.get("descendant_count").asInt()).isEqualTo(43);
        assertThat(all.get("descendants_truncated").asBoolean()).isFalse();

        assertThat(client().invalidOnPurpose().call("GET", lineagePath(entityId, v(0)) + "?depth=0", alice, null)
                .status()).isEqualTo(400);
        assertThat(call("GET", lineagePath(entityId, v(99)), alice, null).status()).isEqualTo(404);
        assertThat(call("GET", lineagePath(entityId, v(0)), token("olga", "other"), null).status()).isEqualTo(404);
    }

    @Test
    void history_lists_every_recorded_event_oldest_first_for_publishers_only() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("history");
        String created = createEntity(alice, entityId, "zone-h", "org");
        Response rightAfterCreate = call("GET", "/api/entities/" + entityId + "/history", alice, null,
                Map.of("X-Consistency-Token", created));
        assertThat(rightAfterCreate.status()).as("history honours the consistency token").isEqualTo(200);
        assertThat(rightAfterCreate.json().get("items")).hasSize(1);
        call("PUT", "/api/entities/" + entityId + "/shares/sam", alice, null);
        String token = publishOk(alice, entityId, v(0), null);
        call("GET", "/api/entities/" + entityId, alice, null, Map.of("X-Consistency-Token", token));

        List<JsonNode> events = new ArrayList<>();
        String after = null;
        do {
            Response page = call("GET", "/api/entities/" + entityId + "/history?limit=2"
                    + (after == null ? "" : "&after=" + after), alice, null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(events::add);
            assertThat(page.json().get("pagination").get("total_count").asInt()).isEqualTo(4);
            after = page.json().get("pagination").get("after_cursor").isNull() ? null
                    : page.json().get("pagination").get("after_cursor").asText();
        } while (after != null);
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("registry.entity.created",
                "registry.entity.shared", "registry.version.upload-requested", "registry.version.confirmed");
        assertThat(events).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("alice");
            assertThat(e.get("recorded_at").asText()).isNotBlank();
            assertThat(e.get("position").asLong()).isPositive();
        });
        assertThat(events.get(1).get("data").get("user_id").asText()).isEqualTo("sam");

        // backwards from the last page's before_cursor: the same events, each once
        Response last = call("GET", "/api/entities/" + entityId + "/history?limit=3&after="
                + firstPageCursor(alice, entityId), alice, null);
        assertThat(last.json().get("items")).extracting(e -> e.get("sequence").asLong()).containsExactly(2L, 3L);
        assertThat(last.json().get("pagination").get("after_cursor").isNull()).isTrue();
        Response previous = call("GET", "/api/entities/" + entityId + "/history?limit=3&before="
                + last.json().get("pagination").get("before_cursor").asText(), alice, null);
        assertThat(previous.status()).as(previous.body()).isEqualTo(200);
        assertThat(previous.json().get("items")).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L);
        assertThat(previous.json().get("pagination").get("before_cursor").isNull()).isTrue();
        assertThat(previous.json().get("pagination").get("after_cursor").isNull()).isFalse();
        for (String query : List.of("limit=0", "limit=101", "after=bogus", "before=bogus",
                "after=" + firstPageCursor(alice, entityId) + "&before=" + firstPageCursor(alice, entityId))) {
            Response bad = client().invalidOnPurpose().call("GET", "/api/entities/" + entityId + "/history?" + query,
                    alice, null);
            assertThat(bad.status()).as(query).isEqualTo(400);
        }

        assertThat(call("GET", "/api/entities/" + entityId + "/history", token("sam", "other"), null).status())
                .isEqualTo(403);
        assertThat(call("GET", "/api/entities/" + entityId + "/history", token("mia", "acme"), null).status())
                .isEqualTo(403);
        assertThat(call("GET", "/api/entities/" + entityId + "/history", token("olga", "other"), null).status())
                .isEqualTo(404);
        assertThat(call("GET", "/api/entities/" + entityId + "/history", token("ada", "ops", "admin"), null).status())
                .isEqualTo(200);
        assertThat(call("GET", "/api/entities/" + entityId + "/history?after=bogus", alice, null).status())
                .isEqualTo(400);
    }

    /** The after_cursor of the first page of two events: sequence 1. */
    private String firstPageCursor(String token, String entityId) {
        return call("GET", "/api/entities/" + entityId + "/history?limit=2", token, null).json()
                .get("pagination").get("after_cursor").asText();
    }

    private String publishOk(String token, String entityId, String versionId, String base) {
        Response confirmed = publish(token, entityId, versionId, base, Map.of());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        return confirmed.json().get("consistency_token").asText();
    }

    private static String lineagePath(String entityId, String versionId) {
        return "/api/entities/" + entityId + "/versions/" + versionId + "/lineage";
    }
}
