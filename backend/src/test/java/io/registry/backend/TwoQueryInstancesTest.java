package io.registry.backend;

import io.registry.queryapp.QuerySideApplication;
import io.registry.stack.SharedStack;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two query-side instances share the projection: each claims segments through the token store, both
 * process events, and together they build the complete read model.
 */
class TwoQueryInstancesTest extends BackendTestSupport {

    @Autowired
    Configuration axon;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void two_instances_split_the_projection_segments_and_complete_the_read_model() throws Exception {
        StreamingEventProcessor embedded = axon.eventProcessingConfiguration()
                .eventProcessor("versions-projection", StreamingEventProcessor.class).orElseThrow();
        embedded.shutDown();
        try (ConfigurableApplicationContext a = startQuerySide("query-a");
             ConfigurableApplicationContext b = startQuerySide("query-b")) {
            awaitOwners(Set.of("query-a", "query-b"));
            assertThat(devTokenRouteStatus(a)).as("POST /dev/tokens outside the local profile").isEqualTo(404);

            String alice = token("alice", "acme");
            String last = null;
            List<String> entities = List.of(uniqueId("two-a"), uniqueId("two-b"), uniqueId("two-c"),
                    uniqueId("two-d"), uniqueId("two-e"), uniqueId("two-f"));
            for (String entityId : entities) {
                createEntity(alice, entityId, "zone-2", "private");
                for (int i = 0; i < 3; i++) {
                    last = publish(alice, entityId, "2024.06.10-12000" + i, Map.of()).json()
                            .get("consistency_token").asText();
                }
            }
            for (String entityId : entities) {
                long deadline = System.currentTimeMillis() + 60_000;
                Response listing;
                do {
                    Thread.sleep(100);
                    listing = call("GET", "/zones/zone-2/packages/" + entityId + "/versions", alice, null);
                } while ((listing.status() != 200 || listing.json().get("items").size() != 3)
                        && System.currentTimeMillis() < deadline);
                assertThat(listing.json().get("items")).as(entityId).hasSize(3);
            }
            assertThat(segmentsOf(a)).isNotEmpty();
            assertThat(segmentsOf(b)).isNotEmpty();
            assertThat(owners()).containsExactlyInAnyOrder("query-a", "query-b");
            assertThat(last).isNotNull();
        } finally {
            embedded.start();
        }
    }

    @Test
    void outside_the_local_profile_a_missing_token_issuer_stops_the_start_with_a_clear_message() {
        Map<String, Object> properties = querySideProperties("query-without-issuer");
        properties.remove("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        assertThatThrownBy(() -> new SpringApplicationBuilder(QuerySideApplication.class).run(args).close())
                .hasStackTraceContaining("No token issuer is configured")
                .hasStackTraceContaining("jwk-set-uri");
    }

    private ConfigurableApplicationContext startQuerySide(String nodeId) {
        Map<String, Object> properties = querySideProperties(nodeId);
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(QuerySideApplication.class).run(args);
    }

    private static Map<String, Object> querySideProperties(String nodeId) {
        Map<String, Object> properties = new HashMap<>(SharedStack.get().springProperties());
        properties.put("spring.config.name", "query-side");
        properties.put("server.port", "0");
        properties.put("registry.node-id", nodeId);
        properties.put("registry.projection.max-claimed-segments", "2");
        properties.put("axon.eventhandling.processors.versions-projection.thread-count", "2");
        properties.put("spring.jmx.enabled", "false");
        properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "http://127.0.0.1:9/unused");
        return properties;
    }

    /** The query side here runs without the {@code local} profile: the dev token route must not exist. */
    private static int devTokenRouteStatus(ConfigurableApplicationContext context) throws Exception {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/dev/tokens"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sub\":\"mallory\"}")).build();
        return HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Set<Integer> segmentsOf(ConfigurableApplicationContext context) {
        return context.getBean(Configuration.class).eventProcessingConfiguration()
                .eventProcessor("versions-projection", StreamingEventProcessor.class).orElseThrow()
                .processingStatus().keySet();
    }

    private Set<String> owners() {
        return new TreeSet<>(jdbc.queryForList(
                "select owner from token_entry where processor_name = 'versions-projection' and owner is not null",
                String.class));
    }

    private void awaitOwners(Set<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!owners().equals(new TreeSet<>(expected)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(owners()).containsExactlyInAnyOrderElementsOf(expected);
    }
}
