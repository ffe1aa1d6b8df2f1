package io.registry.query.lineage;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.events.EventJson;
import io.registry.query.elastic.ReadModelIndices;
import io.registry.query.projection.VersionsProjection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lineage through {@code base_version_id}, answered from the lineage fields of the versions read model:
 * the ancestors are one multi-get of the ids the document lists, the descendants one query on
 * {@code ancestors}, bounded in depth and count.
 */
public class LineageQuery {

    private final ElasticsearchClient client;
    private final ReadModelIndices indices;

    public LineageQuery(ElasticsearchClient client, ReadModelIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    public record Lineage(List<ObjectNode> ancestors, boolean ancestorsTruncated, List<ObjectNode> descendantTree,
                          int descendantCount, boolean descendantsTruncated) {
    }

    public Lineage of(ObjectNode version, int maxDepth, int maxDescendants) {
        String entityId = version.path("entity_id").asText();
        String versionId = version.path("id").asText();
        List<String> ancestorIds = new ArrayList<>();
        version.path("ancestors").forEach(id -> ancestorIds.add(id.asText()));
        boolean ancestorsTruncated = ancestorIds.size() > maxDepth;
        List<String> nearest = ancestorIds.subList(Math.max(0, ancestorIds.size() - maxDepth), ancestorIds.size());
        List<ObjectNode> ancestors = new ArrayList<>(get(entityId, nearest));
        java.util.Collections.reverse(ancestors);

        int depth = version.path("depth").asInt();
        List<ObjectNode> descendants = descendants(entityId, versionId, depth + maxDepth, maxDescendants + 1);
        boolean descendantsTruncated = descendants.size() > maxDescendants;
        if (descendantsTruncated) {
            descendants = descendants.subList(0, maxDescendants);
        }
        boolean deeperExists = !descendantsTruncated
                && !descendants(entityId, versionId, Integer.MAX_VALUE, 1, depth + maxDepth).isEmpty();
        return new Lineage(ancestors.stream().map(LineageQuery::node).toList(), ancestorsTruncated,
                tree(versionId, descendants), descendants.size(), descendantsTruncated || deeperExists);
    }

    private List<ObjectNode> get(String entityId, List<String> versionIds) {
        if (versionIds.isEmpty()) {
            return List.of();
        }
        try {
            List<String> ids = versionIds.stream().map(v -> VersionsProjection.versionDocId(entityId, v)).toList();
            var response = client.mget(m -> m.index(indices.versions()).ids(ids).realtime(true), ObjectNode.class);
            List<ObjectNode> docs = new ArrayList<>();
            response.docs().forEach(d -> {
                if (d.isResult() && d.result().found()) {
                    docs.add(d.result().source());
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ObjectNode> descendants(String entityId, String versionId, int maxDepth, int size) {
        return descendants(entityId, versionId, maxDepth, size, -1);
    }

    private List<ObjectNode> descendants(String entityId, String versionId, int maxDepth, int size, int deeperThan) {
        try {
            var response = client.search(s -> s.index(indices.versions())
                    .query(q -> q.bool(b -> {
                        b.filter(f -> f.term(t -> t.field("entity_id").value(entityId)))
                                .filter(f -> f.term(t -> t.field("ancestors").value(versionId)));
                        if (maxDepth != Integer.MAX_VALUE) {
                            b.filter(f -> f.range(r -> r.untyped(u -> u.field("depth").lte(JsonData.of(maxDepth)))));
                        }
                        if (deeperThan >= 0) {
                            b.filter(f -> f.range(r -> r.untyped(u -> u.field("depth").gt(JsonData.of(deeperThan)))));
                        }
                        return b;
                    }))
                    .sort(o -> o.field(f -> f.field("depth").order(SortOrder.Asc)))
                    .sort(o -> o.field(f -> f.field("version").order(SortOrder.Asc)))
                    .size(size), ObjectNode.class);
            List<ObjectNode> docs = new ArrayList<>();
            response.hits().hits().forEach(hit -> docs.add(hit.source()));
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nests the descendants (sorted by depth) under their base versions, starting at the root id. */
    private static List<ObjectNode> tree(String rootId, List<ObjectNode> descendants) {
        Map<String, ArrayNode> children = new HashMap<>();
        Map<String, ObjectNode> nodes = new LinkedHashMap<>();
        for (ObjectNode doc : descendants) {
            ObjectNode node = node(doc);
            ArrayNode kids = node.putArray("children");
            children.put(doc.path("id").asText(), kids);
            nodes.put(doc.path("id").asText(), node);
        }
        List<ObjectNode> roots = new ArrayList<>();
        for (ObjectNode doc : descendants) {
            String base = doc.path("base_version_id").asText();
            ObjectNode node = nodes.get(doc.path("id").asText());
            if (base.equals(rootId)) {
                roots.add(node);
            } else if (children.containsKey(base)) {
                children.get(base).add(node);
            }
        }
        return roots;
    }

    /** What lineage shows of each version. */
    public static ObjectNode node(JsonNode doc) {
        ObjectNode node = EventJson.mapper().createObjectNode();
        for (String field : List.of("id", "version", "base_version_id", "created_at", "created_by", "archived_at",
                "active", "depth")) {
            node.set(field, doc.get(field));
        }
        return node;
    }
}
