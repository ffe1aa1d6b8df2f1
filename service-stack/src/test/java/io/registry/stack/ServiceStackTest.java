package io.registry.stack;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every service of the shared stack answers real clients. */
class ServiceStackTest {

    private static ServiceStack stack;
    private static Endpoints endpoints;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        endpoints = stack.endpoints();
    }

    @Test
    void postgres_answersSelect1_onTheRegistryDatabase() throws Exception {
        try (Connection connection = Probes.jdbc(endpoints);
             ResultSet rows = connection.createStatement().executeQuery("select 1, current_database()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
            assertThat(rows.getString(2)).isEqualTo("registry");
        }
    }

    @Test
    void kafka_deliversAProducedRecord_toAConsumer() throws Exception {
        String topic = "stack-test-" + UUID.randomUUID();

        Probes.produce(endpoints, topic, "key-1", "hello");

        List<ConsumerRecord<String, String>> records = Probes.consume(endpoints, topic, 1);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("hello");
    }

    @Test
    void kafka_keepsRecords_acrossABrokerOutage() throws Exception {
        String topic = "stack-outage-" + UUID.randomUUID();
        Probes.produce(endpoints, topic, "before", "written before the outage");

        stack.stopKafka();
        boolean refusedWhileStopped;
        try {
            int port = Integer.parseInt(endpoints.kafkaBootstrapServers().replaceAll(".*:", ""));
            refusedWhileStopped = stack.mode() != StackMode.NATIVE || !Ports.accepts(port);
        } finally {
            stack.startKafka(); // the other tests of this JVM share the broker
        }
        assertThat(refusedWhileStopped).as("broker port refuses while stopped").isTrue();

        assertThat(Probes.consume(endpoints, topic, 1)).extracting(ConsumerRecord::value)
                .containsExactly("written before the outage");
        Probes.produce(endpoints, topic, "after", "written after the outage");
        assertThat(Probes.consume(endpoints, topic, 2)).hasSize(2);
    }

    @Test
    void elasticsearch_isHealthy_andIndexesAndGetsADocument() throws Exception {
        HttpResponse<String> health = Probes.http("GET", endpoints.elasticsearchUrl() + "/_cluster/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).containsAnyOf("\"status\":\"green\"", "\"status\":\"yellow\"");

        String index = "stack-test-" + UUID.randomUUID();
        assertThat(Probes.http("PUT", endpoints.elasticsearchUrl() + "/" + index,
                "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}").statusCode()).isEqualTo(200);
        HttpResponse<String> indexed = Probes.http("PUT", endpoints.elasticsearchUrl() + "/" + index + "/_doc/1?refresh=true",
                "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}");
        assertThat(indexed.statusCode()).isEqualTo(201);

        HttpResponse<String> got = Probes.http("GET", endpoints.elasticsearchUrl() + "/" + index + "/_doc/1", null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).contains("\"found\":true").contains("\"name\":\"left-pad\"");
    }

    @Test
    void s3_acceptsAPresignedPut_andRefusesTamperedOnes() throws Exception {
        String key = "packages/" + UUID.randomUUID() + "/artifact.tgz";
        byte[] content = "the bytes of a package".getBytes(StandardCharsets.UTF_8);

        PresignedPutObjectRequest presigned;
        try (S3Presigner presigner = presigner(endpoints)) {
            presigned = presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(p -> p.bucket(endpoints.s3Bucket()).key(key)));
        }
        URI url = presigned.url().toURI();
        assertThat(url.getPath()).startsWith("/" + endpoints.s3Bucket() + "/");

        HttpResponse<String> tamperedSignature = Probes.put(tamperSignature(url), presigned.signedHeaders(), content);
        HttpResponse<String> tamperedKey = Probes.put(URI.create(url.toString().replace("/artifact.tgz", "/other.tgz")),
                presigned.signedHeaders(), content);
        HttpResponse<String> upload = Probes.put(url, presigned.signedHeaders(), content);

        assertThat(tamperedSignature.statusCode()).as(tamperedSignature.body()).isEqualTo(403);
        assertThat(tamperedKey.statusCode()).as(tamperedKey.body()).isEqualTo(403);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        try (S3Client s3 = Buckets.client(endpoints)) {
            HeadObjectResponse head = s3.headObject(h -> h.bucket(endpoints.s3Bucket()).key(key));
            assertThat(head.contentLength()).isEqualTo(content.length);
            assertThatThrownBy(() -> s3.headObject(h -> h.bucket(endpoints.s3Bucket()).key(key.replace("artifact", "other"))))
                    .isInstanceOf(NoSuchKeyException.class);
        }
    }

    @Test
    void s3_refusesAnonymousListingAndReads_whileSignedUrlsWork() throws Exception {
        String prefix = "entities/" + UUID.randomUUID() + "/";
        String key = prefix + "versions/2024.06.10-153042/package.tgz";
        byte[] content = "private bytes".getBytes(StandardCharsets.UTF_8);
        try (S3Client s3 = Buckets.client(endpoints)) {
            s3.putObject(p -> p.bucket(endpoints.s3Bucket()).key(key), RequestBody.fromBytes(content));
        }
        String bucketUrl = endpoints.s3Endpoint() + "/" + endpoints.s3Bucket();

        HttpResponse<String> anonymousListing = Probes.http("GET", bucketUrl + "/?prefix=" + prefix, null);
        HttpResponse<String> anonymousListingV2 = Probes.http("GET", bucketUrl + "?list-type=2&prefix=" + prefix, null);
        HttpResponse<String> anonymousRead = Probes.http("GET", bucketUrl + "/" + key, null);
        HttpResponse<String> anonymousHead = Probes.http("HEAD", bucketUrl + "/" + key, null);

        assertThat(anonymousListing.statusCode()).as(anonymousListing.body()).isEqualTo(403);
        assertThat(anonymousListing.body()).doesNotContain(key);
        assertThat(anonymousListingV2.statusCode()).as(anonymousListingV2.body()).isEqualTo(403);
        assertThat(anonymousListingV2.body()).doesNotContain(key);
        assertThat(anonymousRead.statusCode()).as(anonymousRead.body()).isEqualTo(403);
        assertThat(anonymousRead.body()).doesNotContain("private bytes");
        assertThat(anonymousHead.statusCode()).isEqualTo(403);

        try (S3Presigner presigner = presigner(endpoints)) {
            URI get = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(endpoints.s3Bucket()).key(key))).url().toURI();
            URI head = presigner.presignHeadObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                    .headObjectRequest(h -> h.bucket(endpoints.s3Bucket()).key(key))).url().toURI();
            HttpResponse<String> signedRead = Probes.http("GET", get.toString(), null);
            HttpResponse<String> signedHead = Probes.http("HEAD", head.toString(), null);
            assertThat(signedRead.statusCode()).as(signedRead.body()).isEqualTo(200);
            assertThat(signedRead.body()).isEqualTo("private bytes");
            assertThat(signedHead.statusCode()).isEqualTo(200);
            assertThat(signedHead.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
        }
    }

    @Test
    void springProperties_pointAtTheEndpoints() {
        assertThat(stack.springProperties())
                .containsEntry("spring.datasource.url", endpoints.jdbcUrl())
                .containsEntry("spring.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers())
                .containsEntry("registry.elasticsearch.url", endpoints.elasticsearchUrl())
                .containsEntry("registry.s3.bucket", "registry")
                .containsKeys("spring.datasource.username", "spring.datasource.password", "registry.s3.endpoint",
                        "registry.s3.region", "registry.s3.access-key", "registry.s3.secret-key");
    }

    static S3Presigner presigner(Endpoints endpoints) {
        return S3Presigner.builder()
                .endpointOverride(URI.create(endpoints.s3Endpoint()))
                .region(Region.of(endpoints.s3Region()))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoints.s3AccessKey(), endpoints.s3SecretKey())))
                .build();
    }

    /** Flips the last hex digit of X-Amz-Signature. */
    private static URI tamperSignature(URI url) {
        String text = url.toString();
        int start = text.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        int end = text.indexOf('&', start) < 0 ? text.length() : text.indexOf('&', start);
        char last = text.charAt(end - 1);
        char flipped = last == '0' ? '1' : '0';
        return URI.create(text.substring(0, end - 1) + flipped + text.substring(end));
    }
}
