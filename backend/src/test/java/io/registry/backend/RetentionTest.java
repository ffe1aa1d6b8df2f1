package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.command.retention.RetentionJob;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention policies over HTTP on the real stack: the policy and its validation, the preview, and the job (called
 * here rather than waited for) archiving exactly what the preview showed, never the active version nor a channel's
 * target, each version once when two runs race. Every test owns its entity.
 */
class RetentionTest extends BackendTestSupport {

    @Autowired
    RetentionJob retentionJob;

    @Autowired
    JdbcTemplate jdbc;

    /** Versions 2024.06.0n-120000 for n = 1..count, the last one active; answers the last confirm. */
    private Response entityWithVersions(String alice, String entityId, int count) {
        createEntity(alice, entityId, "zone-rt", "org");
        Response confirmed = null;
        for (int n = 1; n <= count; n++) {
            confirmed = publish(alice, entityId, version(n), Map.of("set_as_active", n == count));
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        }
        return confirmed;
    }

    private static String version(int n) {
        return String.format("2024.06.%02d-120000", n);
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    /** The versions archived under a retention policy, as the history records them, each as often as it was. */
    private List<String> archivedByRetention(String alice, String entityId) {
        List<String> archived = new ArrayList<>();
        JsonNode items = call("GET", "/api/entities/" + entityId + "/history?limit=100", alice, null).json().get("items");
        items.forEach(item -> {
            if (item.get("type").asText().equals("registry.version.archived")) {
                assertThat(item.get("revision").asText()).isEqualTo("2");
                assertThat(item.get("actor").asText()).isEqualTo("system");
                assertThat(item.get("data").get("retention_policy").isObject()).as(item.toString()).isTrue();
                archived.add(item.get("data").get("version_id").asText());
            }
        });
        return archived;
    }

    @Test
    void the_job_archives_exactly_what_the_preview_showed_never_the_active_or_a_channel_target() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("retention");
        entityWithVersions(alice, entityId, 6);
        String base = "/api/entities/" + entityId;
        assertThat(call("PUT", base + "/channels/lts", alice, Map.of("version_id", version(1))).status())
                .isEqualTo(200);

        Response set = call("PUT", base + "/retention", alice, Map.of("keep_latest", 2));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("keep_latest").asInt()).isEqualTo(2);
        assertThat(set.json().get("max_age_days").isNull()).isTrue();
        Response policy = readAfter(token("mia", "acme"), base + "/retention", set);
        assertThat(policy.json().get("keep_latest").asInt()).isEqualTo(2);

        Response preview = readAfter(alice, base + "/retention/preview", set);
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        List<String> due = ids(preview.json().get("items"));
        assertThat(due).as("v1 is lts' target, v5 and v6 the newest (v6 active)")
                .containsExactly(version(2), version(3), version(4));
        assertThat(archivedByRetention(alice, entityId)).isEmpty();

        assertThat(retentionJob.apply(entityId)).isEqualTo(3);
        assertThat(archivedByRetention(alice, entityId)).containsExactlyElementsOf(due);
        assertThat(retentionJob.apply(entityId)).as("idempotent").isZero();

        Response remaining = awaitPreviewEmpty(alice, base);
        assertThat(remaining.json().get("items")).as("after the job, nothing more is due").isEmpty();
        for (int n = 1; n <= 6; n++) {
            JsonNode shown = call("GET", base + "/versions/" + version(n), alice, null).json();
            assertThat(shown.get("archived_at").isNull()).as(version(n)).isEqualTo(!due.contains(version(n)));
        }
    }

    /** The preview once the read model shows the job's archives (the job answers no consistency token). */
    private Response awaitPreviewEmpty(String token, String base) {
        long deadline = System.currentTimeMillis() + 15_000;
        Response preview = call("GET", base + "/retention/preview", token, null);
        while (!preview.json().get("items").isEmpty() && System.currentTimeMillis() < deadline) {
            preview = call("GET", base + "/retention/preview", token, null);
        }
        return preview;
    }

    @Test
    void a_policy_without_rules_archives_nothing_and_max_age_keeps_recent_versions() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("retention-none");
        entityWithVersions(alice, entityId, 3);
        String base = "/api/entities/" + entityId;
        Response none = call("PUT", base + "/retention", alice, Map.of());
        assertThat(none.status()).as(none.body()).isEqualTo(200);
        assertThat(readAfter(alice, base + "/retention/preview", none).json().get("items")).isEmpty();

        Response young = call("PUT", base + "/retention", alice, Map.of("max_age_days", 1));
        assertThat(readAfter(alice, base + "/retention/preview", young).json().get("items"))
                .as("every version was confirmed a moment ago").isEmpty();
        assertThat(retentionJob.apply(entityId)).isZero();
    }

    @Test
    void two_job_runs_at_once_archive_each_version_once() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("retention-race");
        entityWithVersions(alice, entityId, 8);
        String base = "/api/entities/" + entityId;
        Response set = call("PUT", base + "/retention", alice, Map.of("keep_latest", 1));
        List<String> due = ids(readAfter(alice, base + "/retention/preview", set).json().get("items"));
        assertThat(due).hasSize(7);

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return retentionJob.apply(entityId);
            }));
        }
        start.countDown();
        int archived = 0;
        for (CompletableFuture<Integer> run : runs) {
            archived += run.get();
        }
        // a run that lost the race stopped; the next scheduled run finishes what it left
        archived += retentionJob.apply(entityId);

        assertThat(archived).isEqualTo(7);
        assertThat(archivedByRetention(alice, entityId)).containsExactlyInAnyOrderElementsOf(due).doesNotHaveDuplicates();
    }

    @Test
    void the_scheduled_job_finds_the_entities_with_a_policy() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("retention-all");
        entityWithVersions(alice, entityId, 3);
        assertThat(call("PUT", "/api/entities/" + entityId + "/retention", alice, Map.of("keep_latest", 1)).status())
                .isEqualTo(200);
        long deadline = System.currentTimeMillis() + 30_000;
        while (jdbc.queryForObject("SELECT count(*) FROM retention_entity WHERE entity_id = ?", Long.class, entityId) == 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        retentionJob.applyAll();
        assertThat(archivedByRetention(alice, entityId)).containsExactly(version(1), version(2));
    }

    @Test
    void bad_input_names_every_bad_field_and_records_nothing() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("retention-bad");
        Response created = entityWithVersions(alice, entityId, 1);
        RegistryClient bad = client().invalidOnPurpose();
        String path = "/api/entities/" + entityId + "/retention";

        Response both = bad.call("PUT", path, alice, Map.of("keep_latest", 0, "max_age_days", 40_000));
        assertThat(both.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        both.json().get("errors").forEach(e -> fields.add(e.get("field").asText() + " " + e.get("code").asText()));
        assertThat(fields).containsExactlyInAnyOrder("keep_latest out_of_range", "max_age_days out_of_range");
        Response types = bad.call("PUT", path, alice, Map.of("keep_latest", "5", "max_age_days", 1.5, "keep", 1));
        assertThat(types.status()).isEqualTo(400);
        List<String> named = new ArrayList<>();
        types.json().get("errors").forEach(e -> named.add(e.get("field").asText()));
        assertThat(named).contains("keep_latest", "max_age_days", "keep");
        Response reader = call("PUT", path, token("mia", "acme"), Map.of("keep_latest", 1));
        assertThat(reader.status()).isEqualTo(403);

        assertThat(readAfter(alice, "/api/entities/" + entityId, created).header("ETag")).isEqualTo(created.header("ETag"));
    }
}
