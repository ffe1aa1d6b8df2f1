package io.registry.cli.api;

/**
 * The registry a command talks to: its base URL (no trailing slash) and the bearer token, when there is one.
 */
public record Endpoint(String baseUrl, String token) {

    public static final String DEFAULT_URL = "http://localhost:8080";

    public Endpoint {
        baseUrl = normalize(baseUrl);
    }

    /** {@code http://host:8080/} and {@code http://host:8080} are the same registry. */
    public static String normalize(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
