package io.registry.query.listing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.query.elastic.ReadModelIndices;
import io.registry.query.projection.VersionsProjection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the Elasticsearch read models. */
public class ReadModel {

    private final ElasticsearchClient client;
    private final ReadModelIndices indices;

    public ReadModel(ElasticsearchClient client, ReadModelIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    public Optional<ObjectNode> entity(String entityId) {
        try {
            var response = client.get(g -> g.index(indices.entities()).id(entityId).realtime(true), ObjectNode.class);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<ObjectNode> version(String entityId, String versionId) {
        try {
            var response = client.get(g -> g.index(indices.versions())
                    .id(VersionsProjection.versionDocId(entityId, versionId)).realtime(true), ObjectNode.class);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean zoneExists(String zoneId) {
        try {
            return client.count(c -> c.index(indices.entities())
                    .query(q -> q.term(t -> t.field("zone_id").value(zoneId)))).count() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One page of an entity's versions and, from the same search, how many versions it has in all. */
    public record VersionPage(List<ObjectNode> items, long total) {
    }

    /**
     * Up to {@code size} versions of an entity strictly older ({@code olderThan}) or strictly newer
     * ({@code newerThan}) than a version number, newest first either way, with the entity's total count
     * taken from the same search (so the page and the count agree).
     */
    public VersionPage versions(String entityId, Integer olderThan, Integer newerThan, int size) {
        List<Query> cursorFilters = new ArrayList<>();
        if (olderThan != null) {
            cursorFilters.add(Query.of(q -> q.range(r -> r.untyped(u -> u.field("version").lt(JsonData.of(olderThan))))));
        }
        if (newerThan != null) {
            cursorFilters.add(Query.of(q -> q.range(r -> r.untyped(u -> u.field("version").gt(JsonData.of(newerThan))))));
        }
        SortOrder order = newerThan != null ? SortOrder.Asc : SortOrder.Desc;
        try {
            var response = client.search(s -> {
                s.index(indices.versions())
                        .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("entity_id").value(entityId)))))
                        .sort(o -> o.field(f -> f.field("version").order(order)))
                        .size(size)
                        .trackTotalHits(t -> t.enabled(false))
                        .aggregations("total", a -> a.valueCount(v -> v.field("version")));
                if (!cursorFilters.isEmpty()) {
                    s.postFilter(p -> p.bool(b -> b.filter(cursorFilters)));
                }
                return s;
            }, ObjectNode.class);
            List<ObjectNode> items = new ArrayList<>();
            response.hits().hits().forEach(hit -> items.add(hit.source()));
            if (order == SortOrder.Asc) {
                java.util.Collections.reverse(items);
            }
            long total = (long) response.aggregations().get("total").valueCount().value();
            return new VersionPage(items, total);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void refreshVersions() {
        try {
            client.indices().refresh(r -> r.index(indices.versions()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
