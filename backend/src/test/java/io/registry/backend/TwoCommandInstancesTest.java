package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.command.retention.RetentionJob;
import io.registry.commandapp.CommandSideApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command-side instances writing the same entity, each with its own cache of loaded entities, on a deployment of
 * their own: a stale cached entity never decides (it is decided again on the stored entity), concurrent commands
 * through both give no 5xx, and every accepted command's event is recorded exactly once with contiguous sequences.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoCommandInstancesTest {

    @TempDir
    static Path keys;

    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;
    private RegistryClient a;
    private RegistryClient b;
    private JdbcTemplate jdbc;
    private String alice;

    @BeforeAll
    void twoInstancesOnOneDeployment() {
        IsolatedDeployment deployment = IsolatedDeployment.create("twocommand");
        Path keyFile = keys.resolve("dev-jwt-key.json");
        first = start(deployment, keyFile, "command-a");
        second = start(deployment, keyFile, "command-b");
        a = client(first);
        b = client(second);
        jdbc = first.getBean(JdbcTemplate.class);
        alice = a.token("alice", "acme");
    }

    @AfterAll
    void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void an_instance_whose_cached_entity_is_stale_decides_on_the_stored_one() throws Exception {
        String entityId = uniqueId("stale");
        a.createEntity(alice, entityId, "zone-c", "private");
        assertThat(b.call("PUT", "/api/entities/" + entityId + "/shares/sam", alice, null).status())
                .as("b now holds the entity in its cache").isEqualTo(200);

        Response confirmedOnA = a.publish(alice, entityId, "2024.06.10-153042", null, Map.of());
        assertThat(confirmedOnA.status()).as(confirmedOnA.body()).isEqualTo(201);
        String etag = confirmedOnA.header("ETag");

        // b's cached entity does not know the version: it must still refuse a second confirm and a new upload of it
        Response confirmAgainOnB = b.call("POST", "/api/entities/" + entityId + "/versions/confirm", alice, Map.of(
                "storage_path", "uploads/" + entityId + "/2024.06.10-153042/0123456789abcdef/package.tgz",
                "version", "2024.06.10-153042", "source_hash", "sha256:" + entityId + "2024.06.10-153042",
                "file_size_bytes", 3));
        assertThat(confirmAgainOnB.status()).as(confirmAgainOnB.body()).isEqualTo(409);
        assertThat(confirmAgainOnB.json().get("code").asText()).isEqualTo("version_exists");
        Response uploadAgainOnB = b.call("POST", "/api/entities/" + entityId + "/versions/upload-url", alice,
                Map.of("version", "2024.06.10-153042", "source_hash", "sha256:other"));
        assertThat(uploadAgainOnB.status()).as(uploadAgainOnB.body()).isEqualTo(409);
        assertThat(uploadAgainOnB.json().get("code").asText()).isEqualTo("version_exists");

        // the ETag read from a is current for b as well: If-Match succeeds instead of a stale 412
        Response activateOnB = b.call("PUT", "/api/entities/" + entityId + "/versions/active", alice,
                Map.of("versionId", "2024.06.10-153042"), Map.of("If-Match", etag));
        assertThat(activateOnB.status()).as(activateOnB.body()).isEqualTo(200);
        // and a's now-stale cache accepts an independent change on top of b's
        assertThat(a.call("PUT", "/api/entities/" + entityId + "/shares/tom", alice, null).status()).isEqualTo(200);

        assertThat(types(entityId)).containsExactly("registry.entity.created", "registry.entity.shared",
                "registry.version.upload-requested", "registry.version.confirmed", "registry.version.activated",
                "registry.entity.shared");
        assertContiguous(entityId);
    }

    @Test
    void concurrent_commands_through_both_instances_record_each_accepted_one_exactly_once() throws Exception {
        String entityId = uniqueId("both");
        a.createEntity(alice, entityId, "zone-c", "private");
        int versions = 12;
        Map<String, JsonNode> tickets = new HashMap<>();
        for (int i = 0; i < versions; i++) {
            String versionId = String.format("2024.06.10-1530%02d", i);
            RegistryClient via = i % 2 == 0 ? a : b;
            Response ticket = via.call("POST", "/api/entities/" + entityId + "/versions/upload-url", alice,
                    Map.of("version", versionId, "source_hash", "sha256:" + versionId));
            assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
            RegistryClient.putBytes(ticket.json().get("upload_url").asText(), versionId.getBytes(StandardCharsets.UTF_8));
            tickets.put(versionId, ticket.json());
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, List<Integer>> statuses = new ConcurrentHashMap<>();
        List<Future<?>> work = new ArrayList<>();
        try {
            for (Map.Entry<String, JsonNode> ticket : tickets.entrySet()) {
                for (RegistryClient via : List.of(a, b)) {
                    // the same confirm through both instances at once: exactly one may succeed
                    work.add(pool.submit(() -> record(statuses, "confirm " + ticket.getKey(),
                            via.call("POST", "/api/entities/" + entityId + "/versions/confirm", alice, Map.of(
                                    "storage_path", ticket.getValue().get("storage_path").asText(),
                                    "version", ticket.getKey(), "source_hash", "sha256:" + ticket.getKey(),
                                    "file_size_bytes", ticket.getKey().length())))));
                }
            }
            for (int i = 0; i < 20; i++) {
                RegistryClient via = i % 2 == 0 ? a : b;
                String user = "user-" + i;
                // independent changes through either instance: all must succeed
                work.add(pool.submit(() -> record(statuses, "share " + user,
                        via.call("PUT", "/api/entities/" + entityId + "/shares/" + user, alice, null))));
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        statuses.forEach((command, answers) -> assertThat(answers).as(command).allMatch(s -> s < 500));
        for (String versionId : tickets.keySet()) {
            assertThat(statuses.get("confirm " + versionId)).as(versionId).containsExactlyInAnyOrder(201, 409);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(statuses.get("share user-" + i)).containsExactly(200);
        }
        List<String> types = types(entityId);
        assertThat(types).filteredOn("registry.version.confirmed"::equals).hasSize(versions);
        assertThat(types).filteredOn("registry.entity.shared"::equals).hasSize(20);
        assertThat(jdbc.queryForList("select convert_from(payload, 'UTF8') from domain_event_entry where aggregate_identifier = ? "
                        + "and payload_type = 'registry.version.confirmed'", String.class, entityId).stream()
                .map(json -> json.replaceAll(".*\"version_id\" ?: ?\"([^\"]+)\".*", "$1")).distinct())
                .hasSize(versions);
        assertContiguous(entityId);
    }

    @Test
    void the_retention_job_running_on_both_instances_at_once_archives_each_version_once() throws Exception {
        String entityId = uniqueId("retention");
        a.createEntity(alice, entityId, "zone-c", "private");
        int versions = 8;
        for (int i = 0; i < versions; i++) {
            RegistryClient via = i % 2 == 0 ? a : b;
            Response confirmed = via.publish(alice, entityId, String.format("2024.06.10-1530%02d", i), null,
                    Map.of("set_as_active", i == versions - 1));
            assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        }
        assertThat(b.call("PUT", "/api/entities/" + entityId + "/retention", alice, Map.of("keep_latest", 2)).status())
                .isEqualTo(200);

        List<RetentionJob> jobs = List.of(first.getBean(RetentionJob.class), second.getBean(RetentionJob.class));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int archived = 0;
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (RetentionJob job : jobs) {
                runs.add(pool.submit(() -> job.apply(entityId)));
            }
            for (Future<Integer> run : runs) {
                archived += run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // what a run that lost a race left, the next run of either instance finishes
        archived += jobs.get(1).apply(entityId) + jobs.get(0).apply(entityId);

        assertThat(archived).isEqualTo(versions - 2);
        List<String> archivedIds = jdbc.queryForList("select convert_from(payload, 'UTF8') from domain_event_entry "
                        + "where aggregate_identifier = ? and payload_type = 'registry.version.archived'", String.class,
                entityId).stream().map(json -> json.replaceAll(".*\"version_id\" ?: ?\"([^\"]+)\".*", "$1")).toList();
        assertThat(archivedIds).hasSize(versions - 2).doesNotHaveDuplicates();
        assertContiguous(entityId);
    }

    private static void record(Map<String, List<Integer>> statuses, String command, Response response) {
        statuses.computeIfAbsent(command, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(response.status());
    }

    private List<String> types(String entityId) {
        return jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", String.class, entityId);
    }

    private void assertContiguous(String entityId) {
        List<Long> sequences = jdbc.queryForList("select sequence_number from domain_event_entry "
                + "where aggregate_identifier = ? order by sequence_number", Long.class, entityId);
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("sequence at " + i).isEqualTo(i);
        }
    }

    private static ConfigurableApplicationContext start(IsolatedDeployment deployment, Path keyFile, String nodeId) {
        Map<String, Object> properties = new HashMap<>(deployment.properties());
        properties.put("spring.config.name", "command-side");
        properties.put("server.port", "0");
        properties.put("registry.node-id", nodeId);
        properties.put("registry.dev-tokens.key-file", keyFile.toString());
        properties.put("spring.jmx.enabled", "false");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(CommandSideApplication.class).profiles("local").run(args);
    }

    private static RegistryClient client(ConfigurableApplicationContext context) {
        return new RegistryClient("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }

    private static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
