package io.registry.stack;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A persistent native stack keeps its data across a crash of the JVM that ran it (whose leftover servers the
 * next start stops) and across a clean restart.
 */
class PersistentStackTest {

    private final Path stateDir = Path.of(System.getProperty("java.io.tmpdir"),
            "registry-stack-persistence-test-" + ProcessHandle.current().pid());
    private Process crashedJvm;

    @AfterEach
    void cleanUp() {
        if (crashedJvm != null) {
            crashedJvm.destroyForcibly();
        }
        ProcessRegistry.killStale(stateDir.resolve("processes"));
        StateDir.deleteRecursively(stateDir);
    }

    @Test
    void dataSurvives_aCrashedJvm_andACleanRestart() throws Exception {
        // 1. a stack in another JVM (StackMain), given data, then killed with SIGKILL: its servers are orphaned
        crashedJvm = new ProcessBuilder(Processes.javaExecutable(), "-Dregistry.stack=native", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), StackMain.class.getName(), stateDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(stateDir).resolve("stack-main.out").toFile()))
                .start();
        Endpoints first = awaitStackProperties();
        writeData(first);
        List<Long> orphans = recordedPids();
        assertThat(orphans).hasSizeGreaterThanOrEqualTo(4);
        crashedJvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(orphans.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)))
                .as("servers outlive their crashed JVM").isNotEmpty();

        // a bucket folder as stacks before the private bucket left it: readable by others, so public-read
        Path bucket = stateDir.resolve("s3/data").resolve(first.s3Bucket());
        Files.setPosixFilePermissions(bucket, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(bucket.resolve("kept/object.bin"), PosixFilePermissions.fromString("rw-r--r--"));

        // 2. the next start on the same folder stops the orphans and finds the data, in a private bucket
        try (ServiceStack restarted = ServiceStack.start(StackConfig.persistentIn(stateDir), StackMode.NATIVE)) {
            assertThat(orphans).allSatisfy(pid ->
                    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("PID " + pid).isFalse());
            assertThat(restarted.endpoints()).as("remembered ports").isEqualTo(first);
            assertDataPresent(restarted.endpoints());
            String bucketUrl = first.s3Endpoint() + "/" + first.s3Bucket();
            assertThat(Probes.http("GET", bucketUrl + "/?prefix=kept/", null).statusCode()).as("anonymous listing").isEqualTo(403);
            assertThat(Probes.http("GET", bucketUrl + "/kept/object.bin", null).statusCode()).as("anonymous read").isEqualTo(403);
        }
        assertThat(recordedPids()).as("close() stopped every child").isEmpty();

        // 3. a clean restart finds it too
        try (ServiceStack again = ServiceStack.start(StackConfig.persistentIn(stateDir), StackMode.NATIVE)) {
            assertDataPresent(again.endpoints());
        }
    }

    private Endpoints awaitStackProperties() throws IOException, InterruptedException {
        Path file = stateDir.resolve("stack.properties");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(file)) {
            assertThat(crashedJvm.isAlive()).as("StackMain runs; its output:\n"
                    + Processes.tail(stateDir.resolve("stack-main.out"), 40)).isTrue();
            assertThat(System.nanoTime()).as("StackMain up in time").isLessThan(deadline);
            Thread.sleep(200);
        }
        Thread.sleep(200);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return new Endpoints(p.getProperty("spring.datasource.url"), p.getProperty("spring.datasource.username"),
                p.getProperty("spring.datasource.password"), p.getProperty("spring.kafka.bootstrap-servers"),
                p.getProperty("registry.elasticsearch.url"), p.getProperty("registry.s3.endpoint"),
                p.getProperty("registry.s3.region"), p.getProperty("registry.s3.access-key"),
                p.getProperty("registry.s3.secret-key"), p.getProperty("registry.s3.bucket"));
    }

    private List<Long> recordedPids() throws IOException {
        Path file = stateDir.resolve("processes");
        List<Long> pids = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.split("\t")[0]));
                }
            }
        }
        return pids;
    }

    private static void writeData(Endpoints endpoints) throws Exception {
        try (Connection connection = Probes.jdbc(endpoints)) {
            connection.createStatement().execute("create table kept (name text)");
            connection.createStatement().execute("insert into kept values ('survivor')");
        }
        try (S3Client s3 = Buckets.client(endpoints)) {
            s3.putObject(p -> p.bucket(endpoints.s3Bucket()).key("kept/object.bin"),
                    RequestBody.fromString("kept bytes", StandardCharsets.UTF_8));
        }
        Probes.produce(endpoints, "kept-topic", "k", "kept record");
        assertThat(Probes.http("PUT", endpoints.elasticsearchUrl() + "/kept",
                "{\"settings\":{\"number_of_replicas\":0}}").statusCode()).isEqualTo(200);
        assertThat(Probes.http("PUT", endpoints.elasticsearchUrl() + "/kept/_doc/1?refresh=true",
                "{\"name\":\"kept document\"}").statusCode()).isEqualTo(201);
        // flush, so the document is in a Lucene commit and not only in the translog
        Probes.http("POST", endpoints.elasticsearchUrl() + "/kept/_flush", null);
    }

    private static void assertDataPresent(Endpoints endpoints) throws Exception {
        try (Connection connection = Probes.jdbc(endpoints);
             ResultSet rows = connection.createStatement().executeQuery("select name from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("survivor");
        }
        try (S3Client s3 = Buckets.client(endpoints)) {
            assertThat(s3.getObjectAsBytes(g -> g.bucket(endpoints.s3Bucket()).key("kept/object.bin")).asUtf8String())
                    .isEqualTo("kept bytes");
        }
        assertThat(Probes.consume(endpoints, "kept-topic", 1)).extracting(ConsumerRecord::value)
                .containsExactly("kept record");
        var document = Probes.http("GET", endpoints.elasticsearchUrl() + "/kept/_doc/1", null);
        assertThat(document.body()).contains("\"found\":true").contains("kept document");
    }

}
