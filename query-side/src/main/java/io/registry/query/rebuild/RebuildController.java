package io.registry.query.rebuild;

import org.springframework.lang.Nullable;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.time.Instant;

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
    public ResponseEntity<RebuildView> start(Caller caller) {
        AdminOnly.require(caller, "Read-model operations");
        if (!rebuild.start(caller.userId())) {
            throw new ApiException(HttpStatus.CONFLICT, "rebuild_running", "A rebuild is already running.");
        }
        return ResponseEntity.accepted().header("Location", "/admin/read-models/rebuild").body(view(rebuild.status()));
    }

    @GetMapping("/admin/read-models/rebuild")
    public RebuildView status(Caller caller) {
        AdminOnly.require(caller, "Read-model operations");
        return view(rebuild.status());
    }

    /** What the rebuild routes answer: its phase, who started it when, and how far it got. */
    public record RebuildView(@JsonProperty("phase") String phase,
                              @JsonProperty("started_by") @Nullable String startedBy,
                              @JsonProperty("started_at") @Nullable Instant startedAt,
                              @JsonProperty("finished_at") @Nullable Instant finishedAt,
                              @JsonProperty("events_applied") long eventsApplied,
                              @JsonProperty("position") long position,
                              @JsonProperty("head") long head,
                              @JsonProperty("percent") double percent,
                              @JsonProperty("versions_index") @Nullable String versionsIndex,
                              @JsonProperty("entities_index") @Nullable String entitiesIndex,
                              @JsonProperty("error") @Nullable String error) {
    }

    private static RebuildView view(ReadModelRebuild.Status s) {
        return new RebuildView(s.phase().name().toLowerCase(), s.startedBy(), s.startedAt(), s.finishedAt(),
                s.eventsApplied(), s.position(), s.head(), Math.round(s.percent() * 10) / 10.0, s.versionsIndex(),
                s.entitiesIndex(), s.error());
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
