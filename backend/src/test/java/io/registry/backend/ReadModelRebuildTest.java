package io.registry.backend;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.query.elastic.ReadModelIndices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator rebuild: every read model is rebuilt from the event store into new indices while a reader
 * keeps polling the listing; no request fails, and the rebuilt indices equal the live ones document for
 * document, twice in a row.
 */
class ReadModelRebuildTest extends BackendTestSupport {

    @Autowired
    ElasticsearchClient elasticsearch;

    @Autowired
    ReadModelIndices indices;

    @Test
    void a_rebuild_swaps_in_identical_read_models_while_the_listing_keeps_answering() throws Exception {
        String alice = token("alice", "acme");
        String admin = token("ada", "ops", "admin");
        String entityId = uniqueId("rebuild");
        createEntity(alice, entityId, "zone-r", "org");
        call("PUT", "/api/entities/" + entityId + "/shares/sam", alice, null);
        publish(alice, entityId, "2024.06.10-120000", Map.of("tags", java.util.List.of("a")));
        publish(alice, entityId, "2024.06.10-120001", "2024.06.10-120000", Map.of("set_as_active", true));
        call("DELETE", "/api/entities/" + entityId + "/versions/2024.06.10-120000", alice, null);
        String last = publish(alice, entityId, "2024.06.10-120002", "2024.06.10-120001", Map.of())
                .json().get("consistency_token").asText();
        assertThat(call("GET", "/api/entities/" + entityId, alice, null, Map.of("X-Consistency-Token", last))
                .header("X-Consistency-Stale")).isNull();
        awaitProjectionCaughtUp(admin); // earlier tests of this context wrote to the same read model

        Map<String, JsonNode> before = snapshot();
        assertThat(before).containsKey(indices.versions() + "/" + entityId + "/2024.06.10-120002");

        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (polling.get()) {
                Response listing = call("GET", "/zones/zone-r/packages/" + entityId + "/versions", alice, null);
                requests.incrementAndGet();
                if (listing.status() != 200 || listing.json().get("items").size() != 3) {
                    failures.incrementAndGet();
                }
            }
        });
        reader.start();
        try {
            for (int round = 1; round <= 2; round++) {
                Response started = call("POST", "/admin/read-models/rebuild", admin, null);
                assertThat(started.status()).as(started.body()).isEqualTo(202);
                JsonNode status = awaitRebuild(admin);
                assertThat(status.get("phase").asText()).as(status.toString()).isEqualTo("done");
                assertThat(status.get("events_applied").asLong()).isPositive();
                assertThat(snapshot()).as("round " + round).isEqualTo(before);
            }
        } finally {
            polling.set(false);
            reader.join();
        }
        assertThat(requests.get()).isGreaterThan(5);
        assertThat(failures.get()).isZero();

        assertThat(call("POST", "/admin/read-models/rebuild", alice, null).status()).isEqualTo(403);
    }

    private JsonNode awaitRebuild(String admin) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode status = call("GET", "/admin/read-models/rebuild", admin, null).json();
            String phase = status.get("phase").asText();
            if (phase.equals("done") || phase.equals("failed")) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("rebuild did not finish in time");
    }

    /** Until the live projection has applied every event of the store (lag 0 on every segment). */
    private void awaitProjectionCaughtUp(String admin) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        double lag;
        do {
            Response metric = call("GET", "/actuator/metrics/registry.processor.lag?tag=processor:versions-projection",
                    admin, null);
            assertThat(metric.status()).as(metric.body()).isEqualTo(200);
            lag = metric.json().get("measurements").get(0).get("value").asDouble();
            if (lag != 0) {
                Thread.sleep(100);
            }
        } while (lag != 0 && System.currentTimeMillis() < deadline);
        assertThat(lag).as("versions-projection lag").isZero();
    }

    /** Every document of both read models, keyed by alias and id (index names differ between builds). */
    private Map<String, JsonNode> snapshot() throws IOException {
        Map<String, JsonNode> docs = new TreeMap<>();
        for (String alias : new String[] {indices.versions(), indices.entities()}) {
            elasticsearch.indices().refresh(r -> r.index(alias));
            var response = elasticsearch.search(s -> s.index(alias).size(10_000)
                    .query(q -> q.matchAll(m -> m)), ObjectNode.class);
            response.hits().hits().forEach(hit -> docs.put(alias + "/" + hit.id(), hit.source()));
        }
        return docs;
    }
}
