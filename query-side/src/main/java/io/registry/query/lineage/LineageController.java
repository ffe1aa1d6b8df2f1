package io.registry.query.lineage;

import io.registry.api.request.ValidVersionId;
import io.registry.api.request.ValidEntityId;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.registry.query.elastic.ReadModelIndices;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.access.Caller;
import io.registry.query.listing.ReadModel;
import io.registry.query.listing.ReadYourWrites;
import io.registry.query.listing.VersionListing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/entities/{entityId}/versions/{versionId}/lineage?depth=&limit=}: the chain of ancestors
 * (nearest first, up to {@code depth}) and the tree of descendants (up to {@code depth} levels and
 * {@code limit} versions). Defaults: depth 10 (max 100), limit 100 (max 1000).
 */
@RestController
public class LineageController {

    public static final int DEFAULT_DEPTH = 10;
    public static final int MAX_DEPTH = 100;
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final VersionListing listing;
    private final ReadModel readModel;
    private final ReadYourWrites readYourWrites;
    private final LineageQuery lineage;

    public LineageController(VersionListing listing, ReadModel readModel, ReadYourWrites readYourWrites,
                             LineageQuery lineage) {
        this.listing = listing;
        this.readModel = readModel;
        this.readYourWrites = readYourWrites;
        this.lineage = lineage;
    }

    @GetMapping("/api/entities/{entityId}/versions/{versionId}/lineage")
    public ResponseEntity<Map<String, Object>> lineage(@PathVariable @ValidEntityId String entityId,
                                                       @PathVariable @ValidVersionId String versionId,
                                                       @RequestParam(value = "depth", required = false) Integer depth,
                                                       @RequestParam(value = "limit", required = false) Integer limit,
                                                       @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                       Caller caller) {
        List<FieldViolation> violations = new ArrayList<>();
        if (depth != null && (depth < 1 || depth > MAX_DEPTH)) {
            violations.add(new FieldViolation("depth", "out_of_range", "must be between 1 and " + MAX_DEPTH));
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            violations.add(new FieldViolation("limit", "out_of_range", "must be between 1 and " + MAX_LIMIT));
        }
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        boolean caughtUp = readYourWrites.awaitToken(token, ReadYourWrites.Reads.BY_SEARCH);
        listing.readableEntity(caller, null, entityId);
        ObjectNode version = readModel.version(entityId, versionId).orElseThrow(() -> ApiException.notFound(
                "version_not_found", "Entity " + entityId + " has no version " + versionId + "."));
        int maxDepth = depth == null ? DEFAULT_DEPTH : depth;
        int maxDescendants = limit == null ? DEFAULT_LIMIT : limit;
        LineageQuery.Lineage result = lineage.of(version, maxDepth, maxDescendants);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", LineageQuery.node(version));
        body.put("ancestors", result.ancestors());
        body.put("ancestors_truncated", result.ancestorsTruncated());
        body.put("descendants", result.descendantTree());
        body.put("descendant_count", result.descendantCount());
        body.put("descendants_truncated", result.descendantsTruncated());
        body.put("depth", maxDepth);
        body.put("limit", maxDescendants);
        return ReadYourWrites.ok(caughtUp).body(body);
    }

    @Configuration(proxyBeanMethods = false)
    static class LineageConfiguration {
        @Bean
        LineageQuery lineageQuery(ElasticsearchClient client, ReadModelIndices indices) {
            return new LineageQuery(client, indices);
        }
    }
}
