package io.registry.stack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** How to reach the services of a {@link ServiceStack}. S3 is addressed path-style. */
public record Endpoints(String jdbcUrl, String dbUser, String dbPassword, String kafkaBootstrapServers,
                        String elasticsearchUrl, String s3Endpoint, String s3Region, String s3AccessKey,
                        String s3SecretKey, String s3Bucket) {

    /** The Spring Boot / application properties that point the backend at these endpoints. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", dbUser);
        properties.put("spring.datasource.password", dbPassword);
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        properties.put("registry.elasticsearch.url", elasticsearchUrl);
        properties.put("registry.s3.endpoint", s3Endpoint);
        properties.put("registry.s3.region", s3Region);
        properties.put("registry.s3.access-key", s3AccessKey);
        properties.put("registry.s3.secret-key", s3SecretKey);
        properties.put("registry.s3.bucket", s3Bucket);
        return Collections.unmodifiableMap(properties);
    }

    @Override
    public String toString() {
        return "Endpoints[jdbcUrl=" + jdbcUrl + ", dbUser=" + dbUser + ", kafka=" + kafkaBootstrapServers
                + ", elasticsearch=" + elasticsearchUrl + ", s3=" + s3Endpoint + " (" + s3Region + ", bucket "
                + s3Bucket + ")]";
    }
}
