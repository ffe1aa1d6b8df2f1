package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The services as Docker containers. A broker outage is a pause of the Kafka container (port and data kept;
 * clients see timeouts rather than refused connections). The state folder does not apply: data lives as long as
 * the containers.
 */
final class ContainerStack implements Backend {

    static final String POSTGRES_IMAGE = "postgres:17.6";
    static final String KAFKA_IMAGE = "apache/kafka:3.9.1";
    static final String ELASTICSEARCH_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:" + MavenArtifacts.ELASTICSEARCH_VERSION;
    /** The S3 server the native stack runs (s3proxy, the version of the parent pom), as docker-compose runs it. */
    static final String S3_IMAGE = "andrewgaul/s3proxy:" + MavenArtifacts.S3PROXY_VERSION;
    private static final int S3_PORT = 80;

    private static final Logger LOG = LoggerFactory.getLogger(ContainerStack.class);

    private final PostgreSQLContainer<?> postgres;
    private final KafkaContainer kafka;
    private final ElasticsearchContainer elasticsearch;
    private final GenericContainer<?> s3;
    private final Endpoints endpoints;

    private ContainerStack(PostgreSQLContainer<?> postgres, KafkaContainer kafka, ElasticsearchContainer elasticsearch,
                           GenericContainer<?> s3) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.s3 = s3;
        this.endpoints = new Endpoints(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                kafka.getBootstrapServers(), "http://" + elasticsearch.getHttpHostAddress(),
                "http://" + s3.getHost() + ":" + s3.getMappedPort(S3_PORT), NativeS3.REGION, NativeS3.ACCESS_KEY,
                NativeS3.SECRET_KEY, NativeS3.BUCKET);
    }

    static ContainerStack start(StackConfig config) {
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
                .withDatabaseName(NativePostgres.DATABASE).withUsername("registry").withPassword("registry");
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        ElasticsearchContainer elasticsearch = new ElasticsearchContainer(DockerImageName.parse(ELASTICSEARCH_IMAGE))
                .withEnv("discovery.type", "single-node")
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
                .withStartupTimeout(Duration.ofMinutes(3));
        // a private bucket folder (the file-system store takes a bucket's ACL from its folder's permissions)
        GenericContainer<?> s3 = new GenericContainer<>(DockerImageName.parse(S3_IMAGE))
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/sh", "-c",
                        "mkdir -p /data/" + NativeS3.BUCKET + " && chmod -R go-rwx /data/" + NativeS3.BUCKET
                                + " && exec /opt/s3proxy/run-docker-container.sh"))
                .withEnv("S3PROXY_ENDPOINT", "http://0.0.0.0:" + S3_PORT)
                .withEnv("S3PROXY_AUTHORIZATION", "aws-v2-or-v4")
                .withEnv("S3PROXY_IDENTITY", NativeS3.ACCESS_KEY)
                .withEnv("S3PROXY_CREDENTIAL", NativeS3.SECRET_KEY)
                .withEnv("JCLOUDS_PROVIDER", "filesystem-nio2")
                .withEnv("JCLOUDS_FILESYSTEM_BASEDIR", "/data")
                .withExposedPorts(S3_PORT)
                .waitingFor(Wait.forListeningPort());
        List<GenericContainer<?>> all = List.of(elasticsearch, kafka, postgres, s3);
        long begin = System.nanoTime();
        config.progress().accept("Starting containers: " + ELASTICSEARCH_IMAGE + ", " + KAFKA_IMAGE + ", "
                + POSTGRES_IMAGE + ", " + S3_IMAGE + "...");
        try {
            Startables.deepStart(all).join();
        } catch (RuntimeException e) {
            all.forEach(ContainerStack::stopQuietly);
            throw new IllegalStateException("the containers did not start", e);
        }
        ContainerStack stack = new ContainerStack(postgres, kafka, elasticsearch, s3);
        Buckets.ensureExists(stack.endpoints);
        config.progress().accept(String.format(Locale.ROOT, "Containers ready (%.1f s): %s",
                (System.nanoTime() - begin) / 1e9, stack.endpoints));
        return stack;
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public void stopKafka() {
        DockerClientFactory.instance().client().pauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void startKafka() {
        DockerClientFactory.instance().client().unpauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void close() {
        List.of(elasticsearch, kafka, postgres, s3).forEach(ContainerStack::stopQuietly);
    }

    private static void stopQuietly(GenericContainer<?> container) {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping {} failed: {}", container.getDockerImageName(), e.toString());
        }
    }
}
