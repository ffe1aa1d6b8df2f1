package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.eventstore.NodeId;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/processors} shows every processor of the deployment from the shared token store, whichever
 * instance runs it: this application's own processors, and segments of a processor run elsewhere (written into the
 * token store here as another instance would): one claimed by another node, one released, one whose owner stopped
 * renewing its claim.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessorsRouteTest extends BackendTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Serializer serializer;

    @Autowired
    NodeId node;

    private final String elsewhere = "elsewhere-" + UUID.randomUUID().toString().substring(0, 8);
    private String admin;

    @BeforeAll
    void aProcessorRunElsewhere() {
        admin = token("ops", "platform", "admin");
        Instant now = Instant.now();
        insertSegment(0, "query-elsewhere", now, 1L);
        insertSegment(1, null, now, null);
        insertSegment(2, "crashed-node", now.minus(Duration.ofHours(1)), 1L);
    }

    @AfterAll
    void removeIt() {
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", elsewhere);
    }

    @Test
    void an_admin_sees_every_processor_and_segment_with_owner_position_and_lag() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("lag");
        String created = createEntity(alice, entityId, "zone-lag", "private");
        call("GET", "/api/entities/" + entityId, alice, null, Map.of("X-Consistency-Token", created));

        JsonNode body = awaitProcessors();
        long head = body.get("head").asLong();
        assertThat(head).isPositive();
        assertThat(body.get("claim_timeout").asText()).isEqualTo("PT10S");

        JsonNode projection = processor(body, "versions-projection");
        assertThat(projection.get("segments")).hasSize(4);
        for (JsonNode segment : projection.get("segments")) {
            assertThat(segment.get("owner").asText()).isEqualTo(node.value());
            assertThat(segment.get("claimed").asBoolean()).isTrue();
            assertThat(segment.get("lag").asLong()).isEqualTo(head - segment.get("position").asLong(0));
        }
        assertThat(projection.get("max_lag").asLong()).isGreaterThanOrEqualTo(0);
        for (String commandSide : new String[]{"kafka-publisher", "upload-expiry"}) {
            JsonNode processor = processor(body, commandSide);
            assertThat(processor.get("segments")).hasSize(1);
            assertThat(processor.get("segments").get(0).get("owner").asText()).isEqualTo(node.value());
        }

        JsonNode foreign = processor(body, elsewhere);
        JsonNode owned = foreign.get("segments").get(0);
        assertThat(owned.get("segment").asInt()).isZero();
        assertThat(owned.get("owner").asText()).isEqualTo("query-elsewhere");
        assertThat(owned.get("claimed").asBoolean()).isTrue();
        assertThat(owned.get("position").asLong()).isEqualTo(1);
        assertThat(owned.get("lag").asLong()).isEqualTo(head - 1);
        assertThat(Instant.parse(owned.get("updated_at").asText())).isBefore(Instant.now().plusSeconds(1));
        JsonNode released = foreign.get("segments").get(1);
        assertThat(released.get("owner").isNull()).isTrue();
        assertThat(released.get("claimed").asBoolean()).isFalse();
        assertThat(released.get("position").isNull()).isTrue();
        assertThat(released.get("lag").asLong()).as("nothing handled yet: behind by the whole store").isEqualTo(head);
        JsonNode abandoned = foreign.get("segments").get(2);
        assertThat(abandoned.get("owner").asText()).isEqualTo("crashed-node");
        assertThat(abandoned.get("claimed").asBoolean()).as("not renewed within the claim timeout").isFalse();
        assertThat(foreign.get("max_lag").asLong()).isEqualTo(head);
    }

    @Test
    void only_admins_may_see_it() {
        Response anonymous = call("GET", "/admin/processors", null, null);
        assertThat(anonymous.status()).isEqualTo(401);

        Response user = call("GET", "/admin/processors", token("alice", "acme"), null);
        assertThat(user.status()).isEqualTo(403);
        assertThat(user.json().get("code").asText()).isEqualTo("admin_role_required");
    }

    /** The projection's segments are all claimed by this node shortly after the start. */
    private JsonNode awaitProcessors() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Response response = call("GET", "/admin/processors", admin, null);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode body = response.json();
            JsonNode projection = processor(body, "versions-projection");
            boolean allClaimed = projection != null && projection.get("segments").size() == 4;
            for (JsonNode segment : allClaimed ? projection.get("segments") : JSON.createArrayNode()) {
                allClaimed &= segment.get("claimed").asBoolean();
            }
            if (allClaimed || System.currentTimeMillis() > deadline) {
                System.out.println("GET /admin/processors: " + body.toPrettyString());
                return body;
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode processor(JsonNode body, String name) {
        for (JsonNode processor : body.get("processors")) {
            if (processor.get("name").asText().equals(name)) {
                return processor;
            }
        }
        return null;
    }

    /** A segment as Axon's JDBC token store writes it. */
    private void insertSegment(int segment, String owner, Instant updatedAt, Long position) {
        Map<String, Object> row = new HashMap<>();
        if (position != null) {
            SerializedObject<byte[]> token = serializer.serialize(new GlobalSequenceTrackingToken(position), byte[].class);
            row.put("token", token.getData());
            row.put("type", token.getType().getName());
        }
        jdbc.update("INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp, owner) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", elsewhere, segment, row.get("token"), row.get("type"),
                DateTimeUtils.formatInstant(updatedAt), owner);
    }
}
