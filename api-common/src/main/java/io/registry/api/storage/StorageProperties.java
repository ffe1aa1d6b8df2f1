package io.registry.api.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * S3-compatible storage. {@code publicEndpoint} is the address clients use for signed URLs when it
 * differs from the one this service reaches (e.g. inside docker-compose).
 */
@ConfigurationProperties("registry.s3")
public record StorageProperties(URI endpoint, URI publicEndpoint, String region, String accessKey, String secretKey,
                                String bucket, Duration uploadUrlTtl, Duration downloadUrlTtl) {

    public StorageProperties {
        region = region == null ? "us-east-1" : region;
        bucket = bucket == null ? "registry" : bucket;
        uploadUrlTtl = uploadUrlTtl == null ? Duration.ofMinutes(15) : uploadUrlTtl;
        downloadUrlTtl = downloadUrlTtl == null ? Duration.ofMinutes(15) : downloadUrlTtl;
    }

    public URI signingEndpoint() {
        return publicEndpoint != null ? publicEndpoint : endpoint;
    }
}
