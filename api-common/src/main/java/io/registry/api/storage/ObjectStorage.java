package io.registry.api.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URL;
import java.time.Duration;
import java.util.Optional;

/** Signed URLs and object checks on the S3-compatible store. */
public class ObjectStorage implements AutoCloseable {

    private final StorageProperties properties;
    private final S3Client client;
    private final S3Presigner presigner;

    public ObjectStorage(StorageProperties properties) {
        this.properties = properties;
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(properties.accessKey(), properties.secretKey()));
        var pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
        this.client = S3Client.builder()
                .endpointOverride(properties.endpoint())
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(properties.signingEndpoint())
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .build();
    }

    public URL presignPut(String key, Duration ttl) {
        return presigner.presignPutObject(r -> r.signatureDuration(ttl)
                .putObjectRequest(p -> p.bucket(properties.bucket()).key(key))).url();
    }

    public URL presignGet(String key, Duration ttl) {
        return presigner.presignGetObject(r -> r.signatureDuration(ttl)
                .getObjectRequest(g -> g.bucket(properties.bucket()).key(key))).url();
    }

    /** The size of the object at {@code key}, or empty when there is none. */
    public Optional<Long> sizeOf(String key) {
        try {
            HeadObjectResponse head = client.headObject(h -> h.bucket(properties.bucket()).key(key));
            return Optional.of(head.contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void delete(String key) {
        client.deleteObject(d -> d.bucket(properties.bucket()).key(key));
    }

    /** For the health indicator: the bucket answers. */
    public void checkBucket() {
        client.headBucket(h -> h.bucket(properties.bucket()));
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
