package io.registry.backend;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ETag / If-Match: a client that read an entity can make its next command conditional on it. */
class OptimisticConcurrencyTest extends BackendTestSupport {

    @Test
    void a_command_with_a_stale_if_match_is_refused_with_412_and_changes_nothing() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("etag");
        Response created = call("POST", "/api/entities", alice,
                Map.of("id", entityId, "zone_id", "zone-e", "name", "ETag"));
        assertThat(created.header("ETag")).isEqualTo("\"0\"");

        Response read = call("GET", "/api/entities/" + entityId, alice, null,
                Map.of("X-Consistency-Token", created.json().get("consistency_token").asText()));
        assertThat(read.header("ETag")).isEqualTo("\"0\"");

        Response changed = call("PUT", "/api/entities/" + entityId + "/store", alice, Map.of("store", "org"),
                Map.of("If-Match", read.header("ETag")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"1\"");

        Response stale = call("PUT", "/api/entities/" + entityId + "/store", alice, Map.of("store", "public"),
                Map.of("If-Match", "\"0\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("code").asText()).isEqualTo("stale_entity");

        Response garbage = call("PUT", "/api/entities/" + entityId + "/store", alice, Map.of("store", "public"),
                Map.of("If-Match", "yesterday"));
        assertThat(garbage.status()).isEqualTo(400);

        Response after = call("GET", "/api/entities/" + entityId, alice, null,
                Map.of("X-Consistency-Token", changed.json().get("consistency_token").asText()));
        assertThat(after.json().get("store").asText()).isEqualTo("org");
        assertThat(after.header("ETag")).isEqualTo("\"1\"");
    }
}
