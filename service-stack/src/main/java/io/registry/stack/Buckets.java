package io.registry.stack;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.net.URI;

/** Creates the application's bucket through the S3 API when it is missing. */
final class Buckets {

    private Buckets() {
    }

    static void ensureExists(Endpoints endpoints) {
        try (S3Client s3 = client(endpoints)) {
            try {
                s3.headBucket(b -> b.bucket(endpoints.s3Bucket()));
            } catch (NoSuchBucketException e) {
                try {
                    s3.createBucket(b -> b.bucket(endpoints.s3Bucket()));
                } catch (BucketAlreadyOwnedByYouException raced) {
                    // created meanwhile
                }
            }
        }
    }

    static S3Client client(Endpoints endpoints) {
        return S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .endpointOverride(URI.create(endpoints.s3Endpoint()))
                .region(Region.of(endpoints.s3Region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoints.s3AccessKey(), endpoints.s3SecretKey())))
                .build();
    }
}
