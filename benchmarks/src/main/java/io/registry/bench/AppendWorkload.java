package io.registry.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Workload 3: the append limit. Commands that each record exactly one event (ShareEntity -> EntityShared), sent
 * over HTTP at concurrency c, each worker on its own entities; against single-row INSERTs (one transaction each,
 * as one command is) of the very rows the command side wrote, at the same concurrency, into a scratch copy of the
 * event table.
 */
final class AppendWorkload {

    static final String SCRATCH = "bench_raw_event_entry";

    record Result(Workers.Outcome commands, Latencies commandLatency, Workers.Outcome inserts, Latencies insertLatency,
                  Workers.Outcome batched, long rowsCopied) {
    }

    private AppendWorkload() {
    }

    static Result run(BenchTarget sut, RegistryClient client, int concurrency, int total, int entities,
                      java.util.function.Consumer<String> say) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < entities; i++) {
            String id = String.format("bench-append-%03d", i);
            client.createEntity(id, "bench-append");
            ids.add(id);
        }
        Latencies commandLatency = new Latencies("ShareEntity over HTTP", 500).start();
        Workers.Outcome commands = Workers.run("append-cmd", concurrency, total, Duration.ofMinutes(10), (w, i) -> {
            String entity = ids.get(PublishWorkload.entityFor(w, i, concurrency, ids.size()));
            long t0 = System.nanoTime();
            client.share(entity, "reader-" + w + "-" + i);
            commandLatency.record(System.nanoTime() - t0);
        });
        commandLatency.stop();
        say.accept(String.format("  command side: %,d events in %.1f s", commands.completed(), commands.seconds()));

        // the exact rows the command side wrote, re-inserted as they are into a scratch table of the same shape
        List<Object[]> rows = new ArrayList<>();
        try (Connection connection = sut.jdbc(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SCRATCH);
            statement.execute("DROP SEQUENCE IF EXISTS " + SCRATCH + "_seq");
            statement.execute("CREATE SEQUENCE " + SCRATCH + "_seq INCREMENT BY 1 CACHE 1");
            statement.execute("CREATE TABLE " + SCRATCH + " ("
                    + " global_index BIGINT NOT NULL DEFAULT nextval('" + SCRATCH + "_seq'),"
                    + " aggregate_identifier VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL,"
                    + " type VARCHAR(255), event_identifier VARCHAR(255) NOT NULL, meta_data BYTEA,"
                    + " payload BYTEA NOT NULL, payload_revision VARCHAR(255), payload_type VARCHAR(255) NOT NULL,"
                    + " time_stamp VARCHAR(255) NOT NULL, PRIMARY KEY (global_index),"
                    + " UNIQUE (aggregate_identifier, sequence_number), UNIQUE (event_identifier))");
            try (ResultSet rs = statement.executeQuery("SELECT aggregate_identifier, sequence_number, type,"
                    + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp"
                    + " FROM domain_event_entry WHERE payload_type = 'registry.entity.shared'"
                    + " AND aggregate_identifier LIKE 'bench-append-%' ORDER BY global_index")) {
                while (rs.next()) {
                    Object[] row = new Object[9];
                    for (int c = 0; c < 9; c++) {
                        row[c] = rs.getObject(c + 1);
                    }
                    rows.add(row);
                }
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("the command side wrote no EntityShared rows to copy");
        }
        List<Connection> connections = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Connection connection = sut.jdbc();
            connection.setAutoCommit(true);
            connections.add(connection);
        }
        String insert = "INSERT INTO " + SCRATCH + " (aggregate_identifier, sequence_number, type, event_identifier,"
                + " meta_data, payload, payload_revision, payload_type, time_stamp) VALUES (?,?,?,?,?,?,?,?,?)";
        int n = rows.size();
        Latencies insertLatency = new Latencies("raw INSERT", 500).start();
        Workers.Outcome inserts;
        Workers.Outcome batched;
        try {
            inserts = Workers.run("append-raw", concurrency, n, Duration.ofMinutes(5), (w, i) -> {
                Object[] row = rows.get(i * concurrency + w);
                long t0 = System.nanoTime();
                try (PreparedStatement ps = connections.get(w).prepareStatement(insert)) {
                    bind(ps, row, "");
                    ps.executeUpdate();
                }
                insertLatency.record(System.nanoTime() - t0);
            });
            insertLatency.stop();
            // for reference: the same rows in JDBC batches of 100 per transaction, same concurrency
            int batches = (n + 99) / 100;
            batched = Workers.run("append-batch", concurrency, batches, Duration.ofMinutes(5), (w, i) -> {
                int batch = i * concurrency + w;
                Connection connection = connections.get(w);
                connection.setAutoCommit(false);
                try (PreparedStatement ps = connection.prepareStatement(insert)) {
                    for (int r = batch * 100; r < Math.min(n, batch * 100 + 100); r++) {
                        bind(ps, rows.get(r), "-b");
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    connection.commit();
                } finally {
                    connection.setAutoCommit(true);
                }
            });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
        return new Result(commands, commandLatency, inserts, insertLatency, batched, n);
    }

    private static void bind(PreparedStatement ps, Object[] row, String suffix) throws java.sql.SQLException {
        ps.setString(1, row[0] + suffix);
        ps.setLong(2, ((Number) row[1]).longValue());
        ps.setString(3, (String) row[2]);
        ps.setString(4, row[3] + suffix);
        ps.setBytes(5, (byte[]) row[4]);
        ps.setBytes(6, (byte[]) row[5]);
        ps.setString(7, (String) row[6]);
        ps.setString(8, (String) row[7]);
        ps.setString(9, (String) row[8]);
    }
}
