package io.registry.query.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.registry.api.problem.ApiException;
import io.registry.api.security.AdminOnly;
import io.registry.access.Caller;
import io.registry.eventstore.NodeId;
import io.registry.eventstore.ProcessorTokens;
import io.registry.query.elastic.ReadModelIndices;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operator routes (admins only): {@code POST /admin/read-models/rebuild} starts a zero-downtime rebuild of
 * the read models from the event store (202, or 409 while one runs); {@code GET /admin/read-models/rebuild}
 * reports its progress.
 */
@RestController
public class RebuildController {

    private final ReadModelRebuild rebuild;

    public RebuildController(ReadModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping("/admin/read-models/rebuild")
    public ResponseEntity<Map<String, Object>> start(Caller caller) {
        AdminOnly.require(caller, "Read-model operations");
        if (!rebuild.start(caller.userId())) {
            throw new ApiException(HttpStatus.CONFLICT, "rebuild_running", "A rebuild is already running.");
        }
        return ResponseEntity.accepted().header("Location", "/admin/read-models/rebuild").body(view(rebuild.status()));
    }

    @GetMapping("/admin/read-models/rebuild")
    public Map<String, Object> status(Caller caller) {
        AdminOnly.require(caller, "Read-model operations");
        return view(rebuild.status());
    }

    private static Map<String, Object> view(ReadModelRebuild.Status s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phase", s.phase().name().toLowerCase());
        body.put("started_by", s.startedBy());
        body.put("started_at", s.startedAt() == null ? null : s.startedAt().toString());
        body.put("finished_at", s.finishedAt() == null ? null : s.finishedAt().toString());
        body.put("events_applied", s.eventsApplied());
        body.put("position", s.position());
        body.put("head", s.head());
        body.put("percent", Math.round(s.percent() * 10) / 10.0);
        body.put("versions_index", s.versionsIndex());
        body.put("entities_index", s.entitiesIndex());
        body.put("error", s.error());
        return body;
    }

    @Configuration(proxyBeanMethods = false)
    static class RebuildConfiguration {
        @Bean
        ReadModelRebuild readModelRebuild(EventStore eventStore, org.axonframework.config.Configuration axon,
                                          ElasticsearchClient client, ReadModelIndices indices, JdbcTemplate jdbc,
                                          ProcessorTokens tokens, Clock clock, NodeId nodeId) {
            return new ReadModelRebuild(eventStore, axon.eventProcessingConfiguration(), client, indices, jdbc, tokens,
                    clock, nodeId.value());
        }
    }
}
