package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.events.ChannelTarget;
import io.registry.query.channel.StickyBuckets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channels over HTTP on the real stack: set, split, resolve (sticky), rollback, a channel's own history, archive
 * refusal, optimistic concurrency, bad input, and the events on Kafka. Every test owns its entity.
 */
class ChannelsTest extends BackendTestSupport {

    private static final String V1 = "2024.06.10-120000";
    private static final String V2 = "2024.06.11-120000";
    private static final String V3 = "2024.06.12-120000";

    /** An entity with three confirmed versions, the last active; answers the last confirm. */
    private Response entityWithThreeVersions(String alice, String entityId) {
        createEntity(alice, entityId, "zone-ch", "org");
        Response confirmed = null;
        for (String versionId : List.of(V1, V2, V3)) {
            confirmed = publish(alice, entityId, versionId, Map.of("set_as_active", versionId.equals(V3)));
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        }
        return confirmed;
    }

    private Response put(String token, String entityId, String channel, Object body) {
        return call("PUT", "/api/entities/" + entityId + "/channels/" + channel, token, body);
    }

    @Test
    void a_channel_points_at_a_version_and_shows_on_the_entity_surface() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("channel");
        entityWithThreeVersions(alice, entityId);

        Response set = put(alice, entityId, "beta", Map.of("version_id", V2));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("targets").toString())
                .isEqualTo("[{\"version_id\":\"" + V2 + "\",\"weight\":100}]");
        assertThat(set.header("ETag")).isNotNull();

        String base = "/api/entities/" + entityId;
        Response channel = readAfter(token("mia", "acme"), base + "/channels/beta", set);
        assertThat(channel.status()).as("a reader of the entity reads its channels: " + channel.body()).isEqualTo(200);
        assertThat(channel.json().get("channel").asText()).isEqualTo("beta");
        Response all = readAfter(alice, base + "/channels", set);
        assertThat(all.json().get("items")).hasSize(1);
        Response resolved = readAfter(alice, base + "/channels/beta/resolve", set);
        assertThat(resolved.json().get("version_id").asText()).isEqualTo(V2);
        assertThat(resolved.json().get("bucket").isNull()).isTrue();

        Response v2 = readAfter(alice, base + "/versions/" + V2, set);
        assertThat(v2.json().get("channels").toString()).isEqualTo("[\"beta\"]");
        assertThat(readAfter(alice, base + "/versions/" + V3, set).json().get("channels")).isEmpty();
        Response active = readAfter(alice, base + "/versions/active", set);
        assertThat(active.json().get("id").asText()).as("active stays what it is").isEqualTo(V3);

        Response missing = call("GET", base + "/channels/stable", alice, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asText()).isEqualTo("channel_not_found");
        Response reader = put(token("mia", "acme"), entityId, "beta", Map.of("version_id", V1));
        assertThat(reader.status()).isEqualTo(403);
    }

    @Test
    void a_split_channel_sends_each_key_to_the_same_version_by_its_bucket() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("split");
        entityWithThreeVersions(alice, entityId);
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put(V3, 10);
        weights.put(V2, 90);

        Response set = put(alice, entityId, "canary", Map.of("weights", weights));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        List<ChannelTarget> targets = List.of(new ChannelTarget(V2, 90), new ChannelTarget(V3, 10));
        assertThat(set.json().get("targets").toString()).as("ordered by version id")
                .isEqualTo("[{\"version_id\":\"" + V2 + "\",\"weight\":90},{\"version_id\":\"" + V3 + "\",\"weight\":10}]");

        String resolve = "/api/entities/" + entityId + "/channels/canary/resolve";
        int toV3 = 0;
        for (int i = 0; i < 200; i++) {
            String key = "host-" + i;
            JsonNode answer = readAfter(alice, resolve + "?key=" + key, set).json();
            int bucket = StickyBuckets.bucket(entityId, "canary", key);
            assertThat(answer.get("bucket").asInt()).isEqualTo(bucket);
            assertThat(answer.get("version_id").asText()).as(key)
                    .isEqualTo(StickyBuckets.targetOf(targets, bucket).versionId());
            toV3 += answer.get("version_id").asText().equals(V3) ? 1 : 0;
        }
        assertThat(toV3).as("about 10 % of 200 keys").isBetween(6, 40);
        JsonNode again = readAfter(alice, resolve + "?key=host-7", set).json();
        assertThat(again.get("version_id").asText()).as("sticky")
                .isEqualTo(readAfter(alice, resolve + "?key=host-7", set).json().get("version_id").asText());

        Response noKey = client().invalidOnPurpose().call("GET", resolve, alice, null);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.json().get("errors").get(0).get("field").asText()).isEqualTo("key");
    }

    @Test
    void rollback_points_the_channel_at_an_earlier_version_and_the_channel_keeps_its_own_history() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("rollback");
        entityWithThreeVersions(alice, entityId);
        assertThat(put(alice, entityId, "stable", Map.of("version_id", V3)).status()).isEqualTo(200);
        assertThat(put(alice, entityId, "beta", Map.of("version_id", V3)).status()).isEqualTo(200);
        Response rolledBack = put(alice, entityId, "stable", Map.of("version_id", V2));
        assertThat(rolledBack.status()).isEqualTo(200);
        Response same = put(alice, entityId, "stable", Map.of("version_id", V2));
        assertThat(same.header("ETag")).as("no change, no event").isEqualTo(rolledBack.header("ETag"));

        String base = "/api/entities/" + entityId;
        assertThat(readAfter(alice, base + "/channels/stable/resolve?key=any", rolledBack).json().get("version_id").asText())
                .isEqualTo(V2);
        Response history = readAfter(alice, base + "/history?channel=stable", rolledBack);
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        JsonNode items = history.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(history.json().get("pagination").get("total_count").asLong()).isEqualTo(2);
        assertThat(items.get(0).get("type").asText()).isEqualTo("registry.channel.set");
        assertThat(items.get(0).get("data").get("previous_targets").isNull()).isTrue();
        assertThat(items.get(1).get("data").get("targets").get(0).get("version_id").asText()).isEqualTo(V2);
        assertThat(items.get(1).get("data").get("previous_targets").get(0).get("version_id").asText()).isEqualTo(V3);
        assertThat(items.get(1).get("actor").asText()).isEqualTo("alice");

        Response removed = call("DELETE", base + "/channels/stable", alice, null);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(readAfter(alice, base + "/channels/stable", removed).status()).isEqualTo(404);
        assertThat(readAfter(alice, base + "/history?channel=stable", removed).json().get("items")).hasSize(3);
        assertThat(readAfter(alice, base + "/channels", removed).json().get("items")).hasSize(1);
    }

    @Test
    void a_targeted_version_cannot_be_archived_and_an_archived_one_cannot_be_targeted() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("guard");
        entityWithThreeVersions(alice, entityId);
        String base = "/api/entities/" + entityId;
        assertThat(put(alice, entityId, "lts", Map.of("weights", Map.of(V1, 50, V2, 50))).status()).isEqualTo(200);

        Response refused = call("DELETE", base + "/versions/" + V1, alice, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("version_in_channel");
        assertThat(refused.json().get("detail").asText()).contains("lts");

        Response moved = put(alice, entityId, "lts", Map.of("version_id", V2));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(readAfter(alice, base + "/versions/" + V1, moved).json().get("channels")).isEmpty();
        assertThat(call("DELETE", base + "/versions/" + V1, alice, null).status()).isEqualTo(200);

        Response archivedTarget = put(alice, entityId, "lts", Map.of("weights", Map.of(V1, 10, V2, 90)));
        assertThat(archivedTarget.status()).isEqualTo(409);
        assertThat(archivedTarget.json().get("code").asText()).isEqualTo("version_archived");
        Response unknown = put(alice, entityId, "lts", Map.of("version_id", "2020.01.01-000000"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("version_not_found");
    }

    @Test
    void a_channel_change_with_a_stale_if_match_is_refused_and_changes_nothing() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("etag-channel");
        String etag = entityWithThreeVersions(alice, entityId).header("ETag");
        String path = "/api/entities/" + entityId + "/channels/beta";

        Response first = call("PUT", path, alice, Map.of("version_id", V1), Map.of("If-Match", etag));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Response stale = call("PUT", path, alice, Map.of("version_id", V2), Map.of("If-Match", etag));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("code").asText()).isEqualTo("stale_entity");
        Response staleDelete = call("DELETE", path, alice, null, Map.of("If-Match", etag));
        assertThat(staleDelete.status()).isEqualTo(412);

        Response current = call("PUT", path, alice, Map.of("version_id", V2), Map.of("If-Match", first.header("ETag")));
        assertThat(current.status()).isEqualTo(200);
        assertThat(readAfter(alice, path, current).json().get("targets").get(0).get("version_id").asText()).isEqualTo(V2);
    }

    @Test
    void bad_input_is_refused_naming_every_bad_field_and_records_nothing() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("bad-channel");
        Response confirmed = entityWithThreeVersions(alice, entityId);
        RegistryClient bad = client().invalidOnPurpose();
        String path = "/api/entities/" + entityId + "/channels/";
        Object[][] cases = {
                // channel, body, field, code
                {"Beta", Map.of("version_id", V1), "channel", "invalid_format"},
                {"active", Map.of("version_id", V1), "channel", "invalid_format"},
                {"b", Map.of(), "version_id", "required"},
                {"b", Map.of("version_id", V1, "weights", Map.of(V1, 100)), "weights", "ambiguous"},
                {"b", Map.of("weights", Map.of(V1, 50, V2, 49)), "weights", "invalid_sum"},
                {"b", Map.of("weights", Map.of(V1, 50, V2, 25, V3, 25)), "weights", "out_of_range"},
                {"b", Map.of("weights", Map.of(V1, 101, V2, -1)), "/weights/" + V2, "out_of_range"},
                {"b", Map.of("weights", Map.of("latest", 100)), "/weights/latest", "invalid_format"},
                {"b", Map.of("weights", Map.of()), "weights", "out_of_range"},
                {"b", Map.of("version_id", "latest"), "version_id", "invalid_format"},
                {"b", Map.of("version_id", V1, "weight", 100), "weight", "unknown_field"},
                {"b", Map.of("weights", Map.of(V1, "100")), "weights", "invalid_type"},
        };
        for (Object[] c : cases) {
            Response response = bad.call("PUT", path + c[0], alice, c[1]);
            assertThat(response.status()).as(c[0] + " " + c[1] + ": " + response.body()).isEqualTo(400);
            List<String> fields = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            response.json().get("errors").forEach(e -> {
                fields.add(e.get("field").asText());
                codes.add(e.get("code").asText());
            });
            assertThat(fields).as(c[0] + " " + c[1] + ": " + response.body()).contains((String) c[2]);
            assertThat(codes).as(c[0] + " " + c[1] + ": " + response.body()).contains((String) c[3]);
        }
        Response twoBad = bad.call("PUT", path + "b", alice, Map.of("weights", Map.of(V1, 101, "latest", 5)));
        assertThat(twoBad.json().get("errors")).as(twoBad.body()).hasSize(2);
        Response longKey = bad.call("GET", path + "b/resolve?key=" + "k".repeat(300), alice, null);
        assertThat(longKey.status()).isEqualTo(400);
        assertThat(readAfter(alice, "/api/entities/" + entityId, confirmed).header("ETag"))
                .as("nothing recorded").isEqualTo(confirmed.header("ETag"));
    }

    @Test
    void channel_events_reach_the_topic_keyed_by_entity() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("channel-kafka");
        entityWithThreeVersions(alice, entityId);
        assertThat(put(alice, entityId, "beta", Map.of("weights", Map.of(V1, 30, V2, 70))).status()).isEqualTo(200);
        assertThat(call("DELETE", "/api/entities/" + entityId + "/channels/beta", alice, null).status()).isEqualTo(200);

        List<ConsumerRecord<String, byte[]>> records = TopicRecords.read(TopicRecords.EVENTS,
                record -> entityId.equals(record.key())
                        && TopicRecords.header(record, "ce_type").startsWith("registry.channel."),
                found -> found.size() >= 2, Duration.ofSeconds(60));
        assertThat(records).extracting(record -> TopicRecords.header(record, "ce_type"))
                .containsExactly("registry.channel.set", "registry.channel.removed");
        assertThat(new String(records.get(0).value(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"channel\":\"beta\"", "\"weight\":30");
    }
}
