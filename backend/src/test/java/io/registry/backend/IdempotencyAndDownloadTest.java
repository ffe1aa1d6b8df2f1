package io.registry.backend;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyAndDownloadTest extends BackendTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void the_same_request_id_with_the_same_body_answers_the_first_response_and_records_nothing_new() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("idem");
        Map<String, Object> body = Map.of("id", entityId, "zone_id", "zone-i", "name", "Idem");
        Map<String, String> requestId = Map.of("X-Client-Request-ID", UUID.randomUUID().toString());

        Response first = call("POST", "/api/entities", alice, body, requestId);
        Response again = call("POST", "/api/entities", alice, body, requestId);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("X-Client-Request-ID")).isEqualTo(requestId.get("X-Client-Request-ID"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(eventCount(entityId)).isEqualTo(1);

        Response otherBody = call("POST", "/api/entities", alice,
                Map.of("id", entityId + "-2", "zone_id", "zone-i", "name", "Other"), requestId);
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.json().get("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(eventCount(entityId + "-2")).isZero();

        Response withoutId = call("POST", "/api/entities", alice, body);
        assertThat(withoutId.status()).isEqualTo(409);
        assertThat(withoutId.json().get("code").asText()).isEqualTo("entity_exists");

        Response notUuid = client().invalidOnPurpose().call("POST", "/api/entities", alice, body,
                Map.of("X-Client-Request-ID", "abc"));
        assertThat(notUuid.status()).isEqualTo(400);
        assertThat(notUuid.json().get("errors").get(0).get("field").asText()).isEqualTo("X-Client-Request-ID");
        assertThat(notUuid.header("X-Client-Request-ID")).isEqualTo("abc");
    }

    @Test
    void a_request_id_left_pending_by_an_instance_that_died_is_taken_over_by_the_same_request_after_a_while() {
        String alice = token("alice", "acme");
        String entityId = uniqueId("idem-dead");
        Map<String, Object> body = Map.of("id", entityId, "zone_id", "zone-i", "name", "Idem");
        String id = UUID.randomUUID().toString();
        Map<String, String> requestId = Map.of("X-Client-Request-ID", id);
        assertThat(call("POST", "/api/entities", alice, body, requestId).status()).isEqualTo(201);

        // as an instance that claimed the id and was killed before it answered leaves it
        jdbc.update("UPDATE idempotency_record SET state = 'pending', status = NULL, body = NULL "
                + "WHERE request_id = ?::uuid", id);
        Response whileRecent = call("POST", "/api/entities", alice, body, requestId);
        assertThat(whileRecent.status()).isEqualTo(409);
        assertThat(whileRecent.json().get("code").asText()).isEqualTo("request_in_progress");

        jdbc.update("UPDATE idempotency_record SET created_at = now() - interval '10 minutes' "
                + "WHERE request_id = ?::uuid", id);
        Response otherBody = call("POST", "/api/entities", alice, Map.of("id", entityId, "zone_id", "zone-j",
                "name", "Other"), requestId);
        assertThat(otherBody.status()).as("another body never takes a claim over").isEqualTo(422);
        assertThat(otherBody.json().get("code").asText()).isEqualTo("idempotency_key_reused");
        Response retried = call("POST", "/api/entities", alice, body, requestId);
        assertThat(retried.status()).as("the retry runs again and answers what is true now").isEqualTo(409);
        assertThat(retried.json().get("code").asText()).isEqualTo("entity_exists");
        assertThat(eventCount(entityId)).isEqualTo(1);
    }

    @Test
    void a_confirmed_version_downloads_through_a_signed_url() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("download");
        createEntity(alice, entityId, "zone-d", "public");
        Response confirmed = publish(alice, entityId, "2024.06.10-153042", Map.of());
        assertThat(confirmed.status()).isEqualTo(201);

        Response download = call("GET", "/api/entities/" + entityId + "/versions/2024.06.10-153042/download",
                token("bob", "elsewhere"), null,
                Map.of("X-Consistency-Token", confirmed.json().get("consistency_token").asText()));
        assertThat(download.status()).as(download.body()).isEqualTo(200);
        assertThat(download.json().get("expires_at").asText()).isNotBlank();
        HttpResponse<String> bytes = HTTP.send(HttpRequest.newBuilder(
                URI.create(download.json().get("download_url").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).isEqualTo("package " + entityId + " 2024.06.10-153042");
    }

    private int eventCount(String entityId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, entityId);
    }
}
