package io.registry.query.lineage;

import io.registry.access.Caller;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.api.request.BoundedParameter;
import io.registry.api.request.ValidEntityId;
import io.registry.api.request.ValidVersionId;
import io.registry.query.read.EntityReads.OpenedEntity;
import io.registry.query.read.EntityReads;
import io.registry.query.read.ReadYourWrites.Reads;
import io.registry.query.readmodel.ReadModelStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/entities/{entityId}/versions/{versionId}/lineage?depth=&limit=}: the chain of ancestors
 * (nearest first, up to {@code depth}) and the tree of descendants (up to {@code depth} levels and
 * {@code limit} versions). Defaults: depth 10 (max 100), limit 100 (max 1000).
 */
@RestController
public class LineageController {

    public static final BoundedParameter DEPTH = new BoundedParameter("depth", 1, 100, 10);
    public static final BoundedParameter LIMIT = new BoundedParameter("limit", 1, 1000, 100);

    private final EntityReads reads;
    private final LineageQuery lineage;

    public LineageController(EntityReads reads, LineageQuery lineage) {
        this.reads = reads;
        this.lineage = lineage;
    }

    @GetMapping("/api/entities/{entityId}/versions/{versionId}/lineage")
    public ResponseEntity<Lineage> lineage(@PathVariable @ValidEntityId String entityId,
                                           @PathVariable @ValidVersionId String versionId,
                                           @RequestParam(value = "depth", required = false) Integer depth,
                                           @RequestParam(value = "limit", required = false) Integer limit,
                                           @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                           Caller caller) {
        List<FieldViolation> violations = new ArrayList<>();
        int maxDepth = DEPTH.valueOf(depth, violations);
        int maxDescendants = LIMIT.valueOf(limit, violations);
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_SEARCH);
        return read.respond(lineage.of(reads.version(read.entity(), versionId), maxDepth, maxDescendants));
    }

    @Configuration(proxyBeanMethods = false)
    static class LineageConfiguration {
        @Bean
        LineageQuery lineageQuery(ReadModelStore store) {
            return new LineageQuery(store);
        }
    }
}
