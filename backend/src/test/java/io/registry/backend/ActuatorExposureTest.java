package io.registry.backend;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous callers (load balancers) see only the health status; health details and components, metrics, the
 * Prometheus scrape, info and the actuator index need the admin role: 401 without a token, 403 for anyone else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActuatorExposureTest extends BackendTestSupport {

    private String user;
    private String admin;

    @BeforeAll
    void tokens() {
        user = token("alice", "acme");
        admin = token("ops", "platform", "admin");
    }

    @Test
    void anonymous_health_shows_only_the_status() {
        Response health = call("GET", "/actuator/health", null, null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().properties()).extracting(java.util.Map.Entry::getKey).containsExactly("status");
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void a_user_who_is_not_admin_sees_only_the_status_too() {
        Response health = call("GET", "/actuator/health", user, null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().properties()).extracting(java.util.Map.Entry::getKey).containsExactly("status");
        assertThat(health.body()).doesNotContain("diskSpace").doesNotContain("PostgreSQL");
    }

    @Test
    void an_admin_sees_the_components_and_their_details() {
        Response health = call("GET", "/actuator/health", admin, null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("components").has("db")).as(health.body()).isTrue();
        assertThat(health.json().get("components").get("db").has("details")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator", "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/info",
            "/actuator/prometheus", "/actuator/health/db", "/actuator/health/diskSpace", "/actuator/env",
            "/actuator/beans"})
    void every_other_endpoint_needs_the_admin_role(String path) {
        Response anonymous = call("GET", path, null, null);
        assertThat(anonymous.status()).as(path + " anonymous: " + anonymous.body()).isEqualTo(401);
        assertProblem(anonymous, "unauthenticated");

        Response notAdmin = call("GET", path, user, null);
        assertThat(notAdmin.status()).as(path + " user: " + notAdmin.body()).isEqualTo(403);
        assertProblem(notAdmin, "forbidden");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator", "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/info",
            "/actuator/prometheus", "/actuator/health/db"})
    void an_admin_reads_them(String path) {
        Response response = call("GET", path, admin, null);

        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
    }

    @Test
    void endpoints_that_are_not_exposed_stay_hidden_from_admins() {
        for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump")) {
            Response response = call("GET", path, admin, null);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
        }
    }

    private static void assertProblem(Response response, String code) {
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo(code);
    }
}
