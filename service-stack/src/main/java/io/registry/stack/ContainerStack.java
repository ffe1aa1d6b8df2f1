package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
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

    static final String POSTGRES_IMAGE = "postgres:17";
    static final String KAFKA_IMAGE = "apache/kafka:3.9.1";
    static final String ELASTICSEARCH_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:" + MavenArtifacts.ELASTICSEARCH_VERSION;
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerStack.class);

    private final PostgreSQLContainer<?> postgres;
    private final KafkaContainer kafka;
    private final ElasticsearchContainer elasticsearch;
    private final MinIOContainer minio;
    private final Endpoints endpoints;

    private ContainerStack(PostgreSQLContainer<?> postgres, KafkaContainer kafka, ElasticsearchContainer elasticsearch,
                           MinIOContainer minio) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.minio = minio;
        this.endpoints = new Endpoints(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                kafka.getBootstrapServers(), "http://" + elasticsearch.getHttpHostAddress(), minio.getS3URL(),
                NativeS3.REGION, minio.getUserName(), minio.getPassword(), NativeS3.BUCKET);
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
        MinIOContainer minio = new MinIOContainer(DockerImageName.parse(MINIO_IMAGE))
                .withUserName(NativeS3.ACCESS_KEY).withPassword(NativeS3.SECRET_KEY);
        List<GenericContainer<?>> all = List.of(elasticsearch, kafka, postgres, minio);
        long begin = System.nanoTime();
        config.progress().accept("Starting containers: " + ELASTICSEARCH_IMAGE + ", " + KAFKA_IMAGE + ", "
                + POSTGRES_IMAGE + ", " + MINIO_IMAGE + "...");
        try {
            Startables.deepStart(all).join();
        } catch (RuntimeException e) {
            all.forEach(ContainerStack::stopQuietly);
            throw new IllegalStateException("the containers did not start", e);
        }
        ContainerStack stack = new ContainerStack(postgres, kafka, elasticsearch, minio);
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
        List.of(elasticsearch, kafka, postgres, minio).forEach(ContainerStack::stopQuietly);
    }

    private static void stopQuietly(GenericContainer<?> container) {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping {} failed: {}", container.getDockerImageName(), e.toString());
        }
    }
}
