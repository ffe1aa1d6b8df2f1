package io.registry.backend;

import io.registry.command.retention.RetentionJob;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entity loaded from a snapshot (taken every 4 events here) and not from its cache decides as one replayed from
 * its events: the snapshot (revision 2) holds its channels, its retention policy and each version's number and
 * confirmation time.
 */
@TestPropertySource(properties = "registry.snapshot-every=4")
class EntitySnapshotTest extends BackendTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Cache entityCache;

    @Autowired
    RetentionJob retentionJob;

    @Test
    void channels_and_the_retention_policy_survive_a_snapshot() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("snapshot");
        createEntity(alice, entityId, "zone-sn", "private");
        String base = "/api/entities/" + entityId;
        for (String versionId : new String[] {"2024.06.01-120000", "2024.06.02-120000", "2024.06.03-120000"}) {
            assertThat(publish(alice, entityId, versionId, Map.of()).status()).isEqualTo(201);
        }
        assertThat(call("PUT", base + "/versions/active", alice, Map.of("versionId", "2024.06.03-120000")).status())
                .isEqualTo(200);
        assertThat(call("PUT", base + "/channels/lts", alice, Map.of("version_id", "2024.06.01-120000")).status())
                .isEqualTo(200);
        assertThat(call("PUT", base + "/retention", alice, Map.of("keep_latest", 1)).status()).isEqualTo(200);
        for (String user : new String[] {"sam", "tom", "uma"}) {
            assertThat(call("PUT", base + "/shares/" + user, alice, null).status()).isEqualTo(200);
        }
        Map<String, Object> snapshot = jdbc.queryForMap("SELECT sequence_number, payload_revision FROM snapshot_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1", entityId);
        assertThat(snapshot.get("payload_revision")).isEqualTo("2");
        assertThat((Long) snapshot.get("sequence_number")).as("taken after the channel and the policy were set")
                .isGreaterThanOrEqualTo(9L);

        entityCache.removeAll();
        Response refused = call("DELETE", base + "/versions/2024.06.01-120000", alice, null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("version_in_channel");

        entityCache.removeAll();
        assertThat(retentionJob.apply(entityId)).as("only 2024.06.02: 01 is lts' target, 03 active").isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND payload_type = 'registry.version.archived'", String.class, entityId))
                .singleElement().asString().contains("2024.06.02-120000", "\"keep_latest\":1");
    }
}
