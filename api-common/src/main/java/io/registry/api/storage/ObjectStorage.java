package io.registry.api.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Signed URLs, object checks and the release of staged uploads on the S3-compatible store. Checksums are
 * computed by the SDK only where S3 requires them, so S3-compatible servers without the newer checksum headers
 * keep working; confirm computes its own SHA-256 of the bytes it releases.
 */
public class ObjectStorage implements AutoCloseable {

    private final StorageProperties properties;
    private final S3Client client;
    private final S3Presigner presigner;
    /** Released blobs this instance has stored: see {@link #release}. */
    private final Cache<String, Boolean> storedBlobs = Caffeine.newBuilder().maximumSize(100_000).build();

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
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
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

    /**
     * Releases the object staged at {@code stagingKey}: reads it once (at most {@code expectedSize} + 1 bytes),
     * computes its SHA-256 while reading and, when the size is the expected one, stores exactly the bytes read
     * under their content-addressed key ({@link StoragePaths#releasedBlob}), unless this instance stored that
     * content before. The staged object itself is left in place (queued for deletion once the confirm is recorded).
     */
    public StagedUpload release(String stagingKey, long expectedSize) {
        return release(stagingKey, OptionalLong.of(expectedSize));
    }

    /** As {@link #release(String, long)}, for an object of any size (a lockfile). */
    public StagedUpload releaseAnySize(String stagingKey) {
        return release(stagingKey, OptionalLong.empty());
    }

    private StagedUpload release(String stagingKey, OptionalLong stated) {
        ResponseInputStream<GetObjectResponse> object;
        try {
            object = client.getObject(g -> g.bucket(properties.bucket()).key(stagingKey));
        } catch (NoSuchKeyException e) {
            return StagedUpload.MISSING;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return StagedUpload.MISSING;
            }
            throw e;
        }
        try (object) {
            long storedSize = object.response().contentLength();
            long expectedSize = stated.orElse(storedSize);
            if (storedSize != expectedSize) {
                object.abort();
                return new StagedUpload(storedSize, null);
            }
            try (StagedBytes bytes = StagedBytes.read(object, expectedSize)) {
                if (bytes.size() != expectedSize) {
                    object.abort();
                    return new StagedUpload(bytes.size(), null);
                }
                String key = StoragePaths.releasedBlob(bytes.sha256());
                // Content-addressed: the key's bytes are these bytes, so writing them again changes nothing a
                // download sees. Writing once is cheaper than asking first (a HEAD per confirm), and a blob this
                // instance stored is never written again (released blobs are never deleted).
                if (storedBlobs.getIfPresent(key) == null) {
                    client.putObject(p -> p.bucket(properties.bucket()).key(key)
                            .contentType("application/octet-stream"), bytes.requestBody());
                    storedBlobs.put(key, Boolean.TRUE);
                }
                return new StagedUpload(expectedSize, bytes.sha256());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the staged object " + stagingKey, e);
        }
    }

    /**
     * Deletes every key (a missing one is no error), up to 1,000 per request (S3's limit for one multi-object delete);
     * fails when the store could not delete one of them.
     */
    public void deleteAll(java.util.Collection<String> keys) {
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(keys));
        for (int from = 0; from < all.size(); from += 1_000) {
            List<ObjectIdentifier> chunk = all.subList(from, Math.min(all.size(), from + 1_000)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            DeleteObjectsResponse response = client.deleteObjects(d -> d.bucket(properties.bucket())
                    .delete(del -> del.objects(chunk).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                S3Error first = response.errors().get(0);
                throw new IllegalStateException("S3 did not delete " + response.errors().size() + " of "
                        + chunk.size() + " objects, e.g. " + first.key() + ": " + first.code() + " " + first.message());
            }
        }
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
