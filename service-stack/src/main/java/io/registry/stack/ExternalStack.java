package io.registry.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Services that already run (e.g. a docker-compose stack), named by environment variables. */
final class ExternalStack implements Backend {

    static final String DB_URL = "REGISTRY_DB_URL";
    static final String DB_USER = "REGISTRY_DB_USER";
    static final String DB_PASSWORD = "REGISTRY_DB_PASSWORD";
    static final String KAFKA_BOOTSTRAP = "REGISTRY_KAFKA_BOOTSTRAP";
    static final String ES_URL = "REGISTRY_ES_URL";
    static final String S3_ENDPOINT = "REGISTRY_S3_ENDPOINT";
    static final String S3_REGION = "REGISTRY_S3_REGION";
    static final String S3_ACCESS_KEY = "REGISTRY_S3_ACCESS_KEY";
    static final String S3_SECRET_KEY = "REGISTRY_S3_SECRET_KEY";
    static final String S3_BUCKET = "REGISTRY_S3_BUCKET";

    private static final Logger LOG = LoggerFactory.getLogger(ExternalStack.class);

    private final Endpoints endpoints;

    private ExternalStack(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    static ExternalStack fromEnvironment(Map<String, String> environment, StackConfig config) {
        List<String> missing = new ArrayList<>();
        Endpoints endpoints = new Endpoints(
                required(environment, DB_URL, missing),
                required(environment, DB_USER, missing),
                required(environment, DB_PASSWORD, missing),
                required(environment, KAFKA_BOOTSTRAP, missing),
                stripTrailingSlash(required(environment, ES_URL, missing)),
                stripTrailingSlash(required(environment, S3_ENDPOINT, missing)),
                environment.getOrDefault(S3_REGION, "us-east-1"),
                required(environment, S3_ACCESS_KEY, missing),
                required(environment, S3_SECRET_KEY, missing),
                environment.getOrDefault(S3_BUCKET, "registry"));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("external stack: environment variables not set: " + String.join(", ", missing)
                    + " (" + S3_REGION + " defaults to us-east-1, " + S3_BUCKET + " to registry)");
        }
        try {
            Buckets.ensureExists(endpoints);
        } catch (RuntimeException e) {
            LOG.warn("external stack: could not make sure bucket {} exists at {}: {}", endpoints.s3Bucket(),
                    endpoints.s3Endpoint(), e.toString());
        }
        config.progress().accept("Using external services: " + endpoints);
        return new ExternalStack(endpoints);
    }

    private static String required(Map<String, String> environment, String name, List<String> missing) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            missing.add(name);
            return null;
        }
        return value;
    }

    private static String stripTrailingSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public void stopKafka() {
        throw new UnsupportedOperationException("the external stack's Kafka is not ours to stop");
    }

    @Override
    public void startKafka() {
        throw new UnsupportedOperationException("the external stack's Kafka is not ours to start");
    }

    @Override
    public void close() {
        // nothing was started
    }
}
