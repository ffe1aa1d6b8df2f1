package io.registry.backend;

import io.registry.api.consistency.ConsistencyToken;
import io.registry.queryapp.QuerySideApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query-side instance that is stopped (SIGTERM closes its application context) first answers the request it is
 * serving, then its projection releases its segment claims at once, and the other instance claims them at its
 * next claim check: within the token claim interval (5 s), not after the claim timeout. The test owns its
 * deployment (its own database and indices), so no other application claims segments in its token store.
 */
class GracefulShutdownTest {

    private static final String PROJECTION = "versions-projection";
    /** {@code axon.eventhandling.processors.versions-projection.token-claim-interval} (README "Stopping an instance"). */
    private static final Duration TOKEN_CLAIM_INTERVAL = Duration.ofSeconds(5);
    /** A loaded machine's scheduling delays on top of it. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    @TempDir
    Path keys;

    @Test
    void a_stopped_instance_answers_its_request_then_releases_its_segments_to_the_other() throws Exception {
        IsolatedDeployment deployment = IsolatedDeployment.create("graceful");
        JdbcTemplate tokens = tokenStore(deployment);
        // the one to stop claims 2 segments first, then the one to stay takes the other 2 (it may hold all 4)
        ConfigurableApplicationContext stopping = startQuerySide(deployment, "graceful-a", 2);
        try (ConfigurableApplicationContext staying = startAfter(tokens, "graceful-a", 2,
                deployment, "graceful-b", 4)) {
            awaitOwners(tokens, Map.of("graceful-a", 2, "graceful-b", 2));
            RegistryClient client = client(stopping);
            String token = client.token("alice", "acme");
            // a read that waits for a write which never comes (registry.read-your-writes.max-wait, 2 s here)
            long requested = System.nanoTime();
            AtomicLong answeredAt = new AtomicLong();
            CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> {
                Response response = client.call("GET", "/zones/zone-g/packages/never-written/versions", token, null,
                        Map.of(ConsistencyToken.HEADER, new ConsistencyToken("never-written", 7).encode()));
                answeredAt.set(System.nanoTime());
                return response;
            });
            Thread.sleep(500);

            long closing = System.nanoTime();
            stopping.close();
            long closed = System.nanoTime();
            Map<String, Integer> afterClose = owners(tokens);
            awaitOwners(tokens, Map.of("graceful-b", 4), TOKEN_CLAIM_INTERVAL.plus(SLACK));
            long takenOver = System.nanoTime();

            Response answered = inFlight.get(10, TimeUnit.SECONDS);
            System.out.printf("graceful stop: in-flight request answered %d after %d ms; close took %d ms; "
                            + "owners right after close %s; the other instance owned all 4 segments %d ms after close "
                            + "returned (%d ms after it began)%n", answered.status(), millis(requested, answeredAt.get()),
                    millis(closing, closed), afterClose, millis(closed, takenOver), millis(closing, takenOver));
            assertThat(answered.status()).as("the request in flight gets the route's answer: %s", answered.body())
                    .isEqualTo(404);
            assertThat(millis(requested, answeredAt.get())).as("it waited its whole 2 s").isGreaterThanOrEqualTo(2_000);
            assertThat(answeredAt.get()).as("close waited for it").isLessThanOrEqualTo(closed);
            assertThat(answered.json().get("code").asText()).isEqualTo("zone_not_found");
            assertThat(afterClose).as("claims released on close, not left to time out").doesNotContainKey("graceful-a");
        } finally {
            stopping.close();
        }
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    private ConfigurableApplicationContext startQuerySide(IsolatedDeployment deployment, String nodeId, int maxSegments) {
        Map<String, Object> properties = new HashMap<>(deployment.properties());
        properties.put("spring.config.name", "query-side");
        properties.put("server.port", "0");
        properties.put("registry.node-id", nodeId);
        properties.put("registry.projection.max-claimed-segments", Integer.toString(maxSegments));
        properties.put("registry.read-your-writes.max-wait", "PT2S");
        properties.put("registry.dev-tokens.key-file", keys.resolve("dev-jwt-key.json").toString());
        properties.put("spring.jmx.enabled", "false");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(QuerySideApplication.class).profiles("local").run(args);
    }

    private static RegistryClient client(ConfigurableApplicationContext context) {
        return new RegistryClient("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** The token store of the deployment, read directly (no application context of its own). */
    private static JdbcTemplate tokenStore(IsolatedDeployment deployment) {
        Map<String, String> p = deployment.properties();
        return new JdbcTemplate(new DriverManagerDataSource(deployment.jdbcUrl(), p.get("spring.datasource.username"),
                p.get("spring.datasource.password")));
    }

    /** Claimed segments of the projection by owner. */
    private static Map<String, Integer> owners(JdbcTemplate tokens) {
        Map<String, Integer> owners = new HashMap<>();
        List<String> claimed = tokens.queryForList("SELECT owner FROM token_entry WHERE processor_name = ? "
                + "AND owner IS NOT NULL", String.class, PROJECTION);
        claimed.forEach(owner -> owners.merge(owner, 1, Integer::sum));
        return owners;
    }

    private ConfigurableApplicationContext startAfter(JdbcTemplate tokens, String owner, int segments,
                                                      IsolatedDeployment deployment, String nodeId, int maxSegments)
            throws InterruptedException {
        awaitOwners(tokens, Map.of(owner, segments));
        return startQuerySide(deployment, nodeId, maxSegments);
    }

    private static void awaitOwners(JdbcTemplate tokens, Map<String, Integer> expected) throws InterruptedException {
        awaitOwners(tokens, expected, Duration.ofSeconds(60));
    }

    private static void awaitOwners(JdbcTemplate tokens, Map<String, Integer> expected, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!owners(tokens).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(owners(tokens)).as("segment owners within %s", within).isEqualTo(expected);
    }
}
