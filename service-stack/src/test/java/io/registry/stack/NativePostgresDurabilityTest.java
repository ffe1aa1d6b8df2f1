package io.registry.stack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL of a persistent stack (the local run's) flushes every commit to disk before answering it, so
 * an acknowledged write survives a crash. Throwaway stacks keep the fast settings on purpose (see
 * {@link NativePostgres#start()}).
 */
class NativePostgresDurabilityTest {

    private final Path stateDir = Path.of(System.getProperty("java.io.tmpdir"),
            "registry-stack-durability-test-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    private StateDir state;
    private NativePostgres postgres;

    @AfterEach
    void cleanUp() {
        if (postgres != null) {
            postgres.stop();
        }
        if (state != null) {
            state.close();
        }
        ProcessRegistry.killStale(stateDir.resolve("processes"));
        StateDir.deleteRecursively(stateDir);
    }

    @Test
    void aPersistentStack_runsPostgresWithFsyncSynchronousCommitAndFullPageWrites() throws Exception {
        state = StateDir.open(StackConfig.persistentIn(stateDir));
        postgres = new NativePostgres(state, Ports.anyFree());
        postgres.start();

        assertThat(settings(postgres.jdbcUrl())).isEqualTo(Map.of(
                "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
    }

    private static Map<String, String> settings(String jdbcUrl) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, NativePostgres.USER, NativePostgres.PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String name : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet rows = statement.executeQuery("SHOW " + name)) {
                    rows.next();
                    settings.put(name, rows.getString(1));
                }
            }
        }
        return settings;
    }
}
