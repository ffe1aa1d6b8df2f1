package io.registry.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka (combined broker + controller) in a child JVM: {@code kafka.Kafka server.properties}
 * with this JVM's class path. The log folder is formatted once; stop/start keep port, folder and data.
 */
final class NativeKafka {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final StateDir state;
    private final Path dir;
    private final Path logDir;
    private final Path serverProperties;
    private final int port;
    private final int controllerPort;
    private ChildProcess process;

    NativeKafka(StateDir state, int port, int controllerPort) {
        this.state = state;
        this.dir = state.serviceDir("kafka");
        this.logDir = dir.resolve("data");
        this.serverProperties = dir.resolve("server.properties");
        this.port = port;
        this.controllerPort = controllerPort;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    void start() {
        if (!state.persistent()) {
            StateDir.deleteRecursively(logDir);
        }
        writeConfiguration();
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format();
        }
        launch();
    }

    synchronized void launch() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Processes.javaExecutable());
        command.addAll(List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"));
        command.addAll(state.jitOptions());
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-Dregistry.stack.dir=" + state.root()));
        command.addAll(KafkaClasspath.launch("kafka.Kafka"));
        command.add(serverProperties.toString());
        process = ChildProcess.start("kafka", command, dir, Map.of(), state, serverProperties.toString());
        process.awaitReady(READY_TIMEOUT, this::answers);
    }

    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.stop("TERM", Duration.ofSeconds(30));
        process = null;
    }

    /** The broker answers a metadata request with itself in it. */
    private boolean answers() {
        if (!Ports.accepts(port)) {
            return false;
        }
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(properties)) {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(4000));
            return !cluster.nodes().get(5, TimeUnit.SECONDS).isEmpty()
                    && cluster.controller().get(5, TimeUnit.SECONDS) != null;
        } catch (Exception e) {
            return false;
        }
    }

    private void writeConfiguration() {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=10",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=-1",
                "");
        String logback = """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka" level="INFO"/>
                  <logger name="kafka" level="INFO"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
        try {
            Files.writeString(serverProperties, properties, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("logback.xml"), logback, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kafka-storage format}, in this JVM (its {@code main} would call System.exit). */
    private void format() {
        StateDir.deleteRecursively(logDir);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = kafka.tools.StorageTool.execute(new String[]{"format", "--config", serverProperties.toString(),
                    "--cluster-id", Uuid.randomUuid().toString()}, out);
        }
        String text = output.toString(StandardCharsets.UTF_8);
        appendToLog(text);
        if (code != 0 || !Files.exists(logDir.resolve("meta.properties"))) {
            throw new IllegalStateException("formatting the Kafka log folder failed (" + code + "): " + text);
        }
    }

    private void appendToLog(String text) {
        try (OutputStream out = Files.newOutputStream(state.log("kafka"), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // only a log
        }
    }
}
