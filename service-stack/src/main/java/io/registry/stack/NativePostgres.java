package io.registry.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL from zonky's embedded binaries (as root zonky runs initdb and postgres under {@code unshare -U}).
 * The cluster lives in {@code <state>/postgres/data}; the application uses the database {@code registry}.
 */
final class NativePostgres {

    static final String DATABASE = "registry";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final StateDir state;
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;
    private long postmasterPid = -1;

    NativePostgres(StateDir state, int port) {
        this.state = state;
        this.dataDir = state.serviceDir("postgres").resolve("data");
        this.port = port;
    }

    void start() {
        stopLeftoverPostmaster();
        boolean initialized = Files.exists(dataDir.resolve("postgresql.conf")) && Files.exists(dataDir.resolve("PG_VERSION"));
        if (!state.persistent() || !initialized) {
            StateDir.deleteRecursively(dataDir);
        }
        var log = java.lang.ProcessBuilder.Redirect.appendTo(state.log("postgres").toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(StackCache.dir().resolve("postgres").toFile())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(log)
                .setErrorRedirector(log);
        if (state.durable()) {
            // Durable: a commit answers only once its WAL is flushed to disk, so a write the application
            // acknowledged survives a crash of PostgreSQL, of the application or of the machine. zonky passes -F
            // (fsync off) and synchronous_commit=off unless told otherwise; these -c options come after -F on
            // the command line and win.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        } else {
            // A throwaway test stack deletes its data at close and never recovers it after a crash,
            // so it skips the flushes: nothing it holds has to outlive the process.
            builder.setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
        }
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; end of " + state.log("postgres") + ":\n"
                    + Processes.tail(state.log("postgres"), 30), e);
        }
        postmasterPid = readPostmasterPid();
        if (postmasterPid > 0) {
            state.processes().add("postgres", postmasterPid, dataDir.toString());
        }
        createDatabase();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    int port() {
        return port;
    }

    private void createDatabase() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + DATABASE, e);
        }
    }

    void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (postmasterPid > 0) {
                ProcessHandle.of(postmasterPid).ifPresent(p -> Processes.awaitExit(p, Duration.ofSeconds(10)));
                state.processes().remove(postmasterPid);
            }
            postgres = null;
        }
    }

    /** A postmaster of a crashed run still holds the data folder: stop it, fast, by its postmaster.pid. */
    private void stopLeftoverPostmaster() {
        long pid = readPostmasterPid();
        if (pid > 0) {
            ProcessRegistry.killIfStillOurs(pid, dataDir.toString(), "postgres");
        }
    }

    private long readPostmasterPid() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
