package io.registry.backend;

import io.registry.stack.Endpoints;
import io.registry.stack.SharedStack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry deployment of its own on the shared service stack: a fresh database (so its own event store and
 * token store: no other application's tracking processors claim its segments or see its events) and its own
 * read-model indices (an index prefix: no other projection writes into them, no other rebuild swaps them).
 * Kafka and S3 are shared; tests tell their records and objects apart by their unique entity ids.
 *
 * @param name       the database name and, with '-' for '_', the index prefix
 * @param properties the Spring properties of an application that runs in this deployment
 */
public record IsolatedDeployment(String name, Map<String, String> properties) {

    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");

    /** Creates the database on the shared PostgreSQL; {@code purpose} (lowercase, digits) starts its name. */
    public static IsolatedDeployment create(String purpose) {
        String name = purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Endpoints shared = SharedStack.get().endpoints();
        try (Connection connection = DriverManager.getConnection(shared.jdbcUrl(), shared.dbUser(), shared.dbPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + name + " on " + shared.jdbcUrl(), e);
        }
        Map<String, String> properties = new LinkedHashMap<>(shared.springProperties());
        properties.put("spring.datasource.url", jdbcUrl(shared.jdbcUrl(), name));
        properties.put("registry.elasticsearch.index-prefix", name.replace('_', '-'));
        return new IsolatedDeployment(name, Collections.unmodifiableMap(properties));
    }

    public String jdbcUrl() {
        return properties.get("spring.datasource.url");
    }

    static String jdbcUrl(String sharedUrl, String database) {
        Matcher url = JDBC_URL.matcher(sharedUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + sharedUrl);
        }
        return url.group(1) + database + url.group(3);
    }
}
