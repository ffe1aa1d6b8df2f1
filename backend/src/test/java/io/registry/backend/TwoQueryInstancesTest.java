package io.registry.backend;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.registry.api.security.DevTokenSigner;
import io.registry.commandapp.CommandSideApplication;
import io.registry.query.rebuild.ProjectionFence;
import io.registry.queryapp.QuerySideApplication;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two query-side instances share the projection: each claims segments through the token store, both process
 * events, and together they build the complete read model. The test owns the deployment it asserts on (its
 * own database and read-model indices): one command side writes, the two query sides project and answer, and
 * no other application claims segments in their token store.
 */
class TwoQueryInstancesTest {

    @TempDir
    Path keys;

    @Test
    void two_instances_split_the_projection_segments_and_complete_the_read_model() throws Exception {
        IsolatedDeployment deployment = IsolatedDeployment.create("twoquery");
        Path keyFile = keys.resolve("dev-jwt-key.json");
        DevTokenSigner.loadOrCreate(keyFile, Clock.systemUTC(), Duration.ofHours(1), DevTokenSigner.ISSUER);
        HttpServer jwks = serveJwks(keyFile);
        try (ConfigurableApplicationContext writer = startCommandSide(deployment, keyFile);
             ConfigurableApplicationContext a = startQuerySide(deployment, "query-a", jwksUri(jwks));
             ConfigurableApplicationContext b = startQuerySide(deployment, "query-b", jwksUri(jwks))) {
            JdbcTemplate jdbc = writer.getBean(JdbcTemplate.class);
            awaitOwners(jdbc, Set.of("query-a", "query-b"));
            RegistryClient commands = client(writer);
            List<RegistryClient> readers = List.of(client(a), client(b));
            assertThat(readers.get(0).call("POST", "/dev/tokens", null, Map.of("sub", "mallory")).status())
                    .as("POST /dev/tokens outside the local profile").isEqualTo(404);

            String alice = commands.token("alice", "acme");
            List<String> entities = List.of(uniqueId("two-a"), uniqueId("two-b"), uniqueId("two-c"),
                    uniqueId("two-d"), uniqueId("two-e"), uniqueId("two-f"));
            for (String entityId : entities) {
                commands.createEntity(alice, entityId, "zone-2", "private");
                for (int i = 0; i < 3; i++) {
                    Response confirmed = commands.publish(alice, entityId, "2024.06.10-12000" + i, null, Map.of());
                    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
                }
            }
            for (RegistryClient reader : readers) {
                for (String entityId : entities) {
                    long deadline = System.currentTimeMillis() + 60_000;
                    Response listing;
                    do {
                        Thread.sleep(100);
                        listing = reader.call("GET", "/zones/zone-2/packages/" + entityId + "/versions", alice, null);
                    } while ((listing.status() != 200 || listing.json().get("items").size() != 3)
                            && System.currentTimeMillis() < deadline);
                    assertThat(listing.json().get("items")).as(entityId + " on " + reader.baseUrl()).hasSize(3);
                }
            }
            assertThat(segmentsOf(a)).isNotEmpty();
            assertThat(segmentsOf(b)).isNotEmpty();
            assertThat(owners(jdbc)).containsExactlyInAnyOrder("query-a", "query-b");
        } finally {
            jwks.stop(0);
        }
    }

    @Test
    void a_rebuild_on_one_instance_while_both_project_and_publishers_write_loses_nothing() throws Exception {
        IsolatedDeployment deployment = IsolatedDeployment.create("tworebuild");
        Path keyFile = keys.resolve("rebuild-jwt-key.json");
        DevTokenSigner.loadOrCreate(keyFile, Clock.systemUTC(), Duration.ofHours(1), DevTokenSigner.ISSUER);
        HttpServer jwks = serveJwks(keyFile);
        try (ConfigurableApplicationContext writer = startCommandSide(deployment, keyFile);
             ConfigurableApplicationContext a = startQuerySide(deployment, "query-a", jwksUri(jwks));
             ConfigurableApplicationContext b = startQuerySide(deployment, "query-b", jwksUri(jwks))) {
            JdbcTemplate jdbc = writer.getBean(JdbcTemplate.class);
            awaitOwners(jdbc, Set.of("query-a", "query-b"));
            RegistryClient commands = client(writer);
            String alice = commands.token("alice", "acme");
            String admin = commands.token("ops", "platform", "admin");
            List<String> entities = List.of(uniqueId("rb-a"), uniqueId("rb-b"), uniqueId("rb-c"), uniqueId("rb-d"));
            Map<String, java.util.concurrent.atomic.AtomicInteger> published = new java.util.concurrent.ConcurrentHashMap<>();
            for (String entityId : entities) {
                commands.createEntity(alice, entityId, "zone-r", "private");
                published.put(entityId, new java.util.concurrent.atomic.AtomicInteger());
            }
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread publisher = new Thread(() -> {
                for (int n = 0; writing.get() && n < 600; n++) {
                    String entityId = entities.get(n % entities.size());
                    String versionId = String.format("2024.06.%02d-1200%02d", 1 + n / 60 % 28, n % 60);
                    Response confirmed = commands.publish(alice, entityId, versionId, null, Map.of());
                    if (confirmed.status() == 201) {
                        published.get(entityId).incrementAndGet();
                    }
                }
            }, "rebuild-test-publisher");
            publisher.start();
            try {
                Thread.sleep(1_000);
                Response started = client(a).call("POST", "/admin/read-models/rebuild", admin, null);
                assertThat(started.status()).as(started.body()).isEqualTo(202);
                long deadline = System.currentTimeMillis() + 120_000;
                Response progress;
                do {
                    Thread.sleep(200);
                    progress = client(a).call("GET", "/admin/read-models/rebuild", admin, null);
                } while (!List.of("done", "failed").contains(progress.json().get("phase").asText())
                        && System.currentTimeMillis() < deadline);
                assertThat(progress.json().get("phase").asText()).as(progress.body()).isEqualTo("done");
                Thread.sleep(1_000);
            } finally {
                writing.set(false);
                publisher.join(60_000);
            }

            // every version confirmed before, during and after the switch is in the read model both instances serve
            for (RegistryClient reader : List.of(client(a), client(b))) {
                for (String entityId : entities) {
                    int expected = published.get(entityId).get();
                    long deadline = System.currentTimeMillis() + 60_000;
                    Response listing;
                    do {
                        listing = reader.call("GET", "/zones/zone-r/packages/" + entityId + "/versions?limit=1", alice,
                                null);
                        Thread.sleep(100);
                    } while ((listing.status() != 200
                            || listing.json().get("pagination").get("total_count").asInt() != expected)
                            && System.currentTimeMillis() < deadline);
                    assertThat(listing.json().get("pagination").get("total_count").asInt())
                            .as(entityId + " on " + reader.baseUrl()).isEqualTo(expected);
                    Response entity = reader.call("GET", "/api/entities/" + entityId, alice, null);
                    assertThat(entity.json().get("version_count").asInt()).as(entityId).isEqualTo(expected);
                }
            }
            System.out.printf("rebuild with two projecting instances: %d versions published around it, none lost%n",
                    published.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum());
            // the fence is gone: both instances project again
            awaitOwners(jdbc, Set.of("query-a", "query-b"));
        } finally {
            jwks.stop(0);
        }
    }

    @Test
    void while_the_rebuild_fence_holds_the_segments_no_instance_projects_and_afterwards_both_catch_up() throws Exception {
        IsolatedDeployment deployment = IsolatedDeployment.create("twofence");
        Path keyFile = keys.resolve("fence-jwt-key.json");
        DevTokenSigner.loadOrCreate(keyFile, Clock.systemUTC(), Duration.ofHours(1), DevTokenSigner.ISSUER);
        HttpServer jwks = serveJwks(keyFile);
        try (ConfigurableApplicationContext writer = startCommandSide(deployment, keyFile);
             ConfigurableApplicationContext a = startQuerySide(deployment, "query-a", jwksUri(jwks));
             ConfigurableApplicationContext b = startQuerySide(deployment, "query-b", jwksUri(jwks))) {
            JdbcTemplate jdbc = writer.getBean(JdbcTemplate.class);
            awaitOwners(jdbc, Set.of("query-a", "query-b"));
            RegistryClient commands = client(writer);
            String alice = commands.token("alice", "acme");
            String entityId = uniqueId("fenced");
            commands.createEntity(alice, entityId, "zone-f", "private");
            ProjectionFence fence = new ProjectionFence(jdbc, "versions-projection", "read-model-rebuild@test",
                    Clock.systemUTC());

            assertThat(fence.hold()).isEqualTo(4);
            Thread.sleep(1_000);
            List<String> tokensBefore = tokens(jdbc);
            for (int i = 0; i < 5; i++) {
                assertThat(commands.publish(alice, entityId, "2024.06.10-12000" + i, null, Map.of()).status())
                        .isEqualTo(201);
            }
            Thread.sleep(3_000);
            fence.hold();
            assertThat(owners(jdbc)).containsExactly("read-model-rebuild@test");
            assertThat(tokens(jdbc)).as("no instance applied anything while fenced").isEqualTo(tokensBefore);

            fence.release();
            awaitOwners(jdbc, Set.of("query-a", "query-b"));
            for (RegistryClient reader : List.of(client(a), client(b))) {
                long deadline = System.currentTimeMillis() + 30_000;
                Response listing;
                do {
                    Thread.sleep(100);
                    listing = reader.call("GET", "/zones/zone-f/packages/" + entityId + "/versions", alice, null);
                } while ((listing.status() != 200 || listing.json().get("items").size() != 5)
                        && System.currentTimeMillis() < deadline);
                assertThat(listing.json().get("items")).as(reader.baseUrl()).hasSize(5);
            }
        } finally {
            jwks.stop(0);
        }
    }

    private static List<String> tokens(JdbcTemplate jdbc) {
        return jdbc.queryForList("select encode(token, 'hex') from token_entry "
                + "where processor_name = 'versions-projection' order by segment", String.class);
    }

    @Test
    void outside_the_local_profile_a_missing_token_issuer_stops_the_start_with_a_clear_message() {
        Map<String, Object> properties = querySideProperties(IsolatedDeployment.create("noissuer"), "query-without-issuer",
                null);
        assertThatThrownBy(() -> new SpringApplicationBuilder(QuerySideApplication.class).run(args(properties)).close())
                .hasStackTraceContaining("No token issuer is configured")
                .hasStackTraceContaining("jwk-set-uri");
    }

    /** The writer, as the local run has it: the {@code local} profile, its dev tokens signed with {@code keyFile}. */
    private static ConfigurableApplicationContext startCommandSide(IsolatedDeployment deployment, Path keyFile) {
        Map<String, Object> properties = new HashMap<>(deployment.properties());
        properties.put("spring.config.name", "command-side");
        properties.put("server.port", "0");
        properties.put("registry.node-id", "writer");
        properties.put("registry.dev-tokens.key-file", keyFile.toString());
        properties.put("spring.jmx.enabled", "false");
        return new SpringApplicationBuilder(CommandSideApplication.class).profiles("local").run(args(properties));
    }

    /** A reader as in production: no {@code local} profile, tokens checked against the issuer's JWKS. */
    private static ConfigurableApplicationContext startQuerySide(IsolatedDeployment deployment, String nodeId, String jwks) {
        return new SpringApplicationBuilder(QuerySideApplication.class)
                .run(args(querySideProperties(deployment, nodeId, jwks)));
    }

    private static Map<String, Object> querySideProperties(IsolatedDeployment deployment, String nodeId, String jwks) {
        Map<String, Object> properties = new HashMap<>(deployment.properties());
        properties.put("spring.config.name", "query-side");
        properties.put("server.port", "0");
        properties.put("registry.node-id", nodeId);
        properties.put("registry.projection.max-claimed-segments", "2");
        properties.put("axon.eventhandling.processors.versions-projection.thread-count", "2");
        properties.put("spring.jmx.enabled", "false");
        if (jwks != null) {
            properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwks);
        }
        return properties;
    }

    private static String[] args(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** The token issuer's JWKS endpoint: the public half of the dev key the command side signs with. */
    private static HttpServer serveJwks(Path keyFile) throws Exception {
        byte[] body = new JWKSet(RSAKey.parse(Files.readString(keyFile)).toPublicJWK()).toString()
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static String jwksUri(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    private static RegistryClient client(ConfigurableApplicationContext context) {
        return new RegistryClient("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }

    private static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Set<Integer> segmentsOf(ConfigurableApplicationContext context) {
        return context.getBean(Configuration.class).eventProcessingConfiguration()
                .eventProcessor("versions-projection", StreamingEventProcessor.class).orElseThrow()
                .processingStatus().keySet();
    }

    private static Set<String> owners(JdbcTemplate jdbc) {
        return new TreeSet<>(jdbc.queryForList(
                "select owner from token_entry where processor_name = 'versions-projection' and owner is not null",
                String.class));
    }

    private static void awaitOwners(JdbcTemplate jdbc, Set<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!owners(jdbc).equals(new TreeSet<>(expected)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(owners(jdbc)).containsExactlyInAnyOrderElementsOf(expected);
    }
}
