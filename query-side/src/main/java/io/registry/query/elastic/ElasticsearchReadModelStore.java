package io.registry.query.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.DateRangeQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.JsonData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.registry.access.ReadScope;
import io.registry.events.Store;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.PackageSearch;
import io.registry.query.readmodel.ReadModelDocument;
import io.registry.query.readmodel.ReadModelStore;
import io.registry.query.readmodel.ReleasePosition;
import io.registry.query.readmodel.VersionDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The read models in Elasticsearch, in the indices (or aliases) of one {@link IndexTarget}: realtime GETs and
 * multi-GETs by id, one search per listing page (its total from an aggregation of the same search), and bulk writes
 * with the documents' {@code last_sequence} as an {@code external_gte} version.
 */
public class ElasticsearchReadModelStore implements ReadModelStore {

    private static final String ALL_VERSIONS = "all_versions";

    /** Bulk writes, timed by alias ({@code alias}: the index or alias written to; {@code outcome}: success, refused, error). */
    public static final String BULK_METRIC = "registry.elasticsearch.bulk";

    private final ElasticsearchClient client;
    private final IndexTarget target;
    private final MeterRegistry meters;

    /** @param meters where the bulk writes are timed ({@value #BULK_METRIC}); null: not timed */
    public ElasticsearchReadModelStore(ElasticsearchClient client, IndexTarget target, MeterRegistry meters) {
        this.client = client;
        this.target = target;
        this.meters = meters;
    }

    @Override
    public Optional<EntityDocument> entity(String entityId) {
        return get(target.entities(), entityId, EntityDocument.class);
    }

    @Override
    public Optional<VersionDocument> version(String entityId, String versionId) {
        return get(target.versions(), VersionDocument.docId(entityId, versionId), VersionDocument.class);
    }

    private <D> Optional<D> get(String index, String id, Class<D> type) {
        try {
            var response = client.get(g -> g.index(index).id(id).realtime(true), type);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<VersionDocument> versions(String entityId, List<String> versionIds) {
        if (versionIds.isEmpty()) {
            return List.of();
        }
        List<String> ids = versionIds.stream().map(v -> VersionDocument.docId(entityId, v)).toList();
        try {
            var response = client.mget(m -> m.index(target.versions()).ids(ids).realtime(true), VersionDocument.class);
            List<VersionDocument> found = new ArrayList<>();
            response.docs().forEach(d -> {
                if (d.isResult() && d.result().found()) {
                    found.add(d.result().source());
                }
            });
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public VersionPage versionPage(String entityId, Integer olderThan, Integer newerThan, int size) {
        Query ofEntity = Query.of(q -> q.term(t -> t.field(VersionDocument.ENTITY_ID).value(entityId)));
        List<Query> filters = new ArrayList<>(List.of(ofEntity));
        if (olderThan != null) {
            filters.add(Query.of(q -> q.range(r -> r.untyped(u -> u.field(VersionDocument.VERSION_NUMBER)
                    .lt(JsonData.of(olderThan))))));
        }
        if (newerThan != null) {
            filters.add(Query.of(q -> q.range(r -> r.untyped(u -> u.field(VersionDocument.VERSION_NUMBER)
                    .gt(JsonData.of(newerThan))))));
        }
        SortOrder order = newerThan != null ? SortOrder.Asc : SortOrder.Desc;
        try {
            // The cursor bounds are part of the query, so Elasticsearch skips the versions before the cursor instead
            // of sorting them; the count of all the entity's versions comes from a global aggregation of the same
            // search (a term count, which Lucene answers from its postings).
            var response = client.search(s -> s.index(target.versions())
                    .query(q -> q.bool(b -> b.filter(filters)))
                    .sort(o -> o.field(f -> f.field(VersionDocument.VERSION_NUMBER).order(order)))
                    .size(size)
                    .trackTotalHits(t -> t.enabled(false))
                    .aggregations(ALL_VERSIONS, a -> a.global(g -> g)
                            .aggregations(ALL_VERSIONS, entity -> entity.filter(ofEntity))), VersionDocument.class);
            List<VersionDocument> items = new ArrayList<>();
            response.hits().hits().forEach(hit -> items.add(hit.source()));
            if (order == SortOrder.Asc) {
                Collections.reverse(items);
            }
            long total = response.aggregations().get(ALL_VERSIONS).global().aggregations().get(ALL_VERSIONS).filter()
                    .docCount();
            return new VersionPage(items, total);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<VersionDocument> descendants(String entityId, String versionId, Integer deeperThan,
                                             Integer atMostDepth, int size) {
        try {
            var response = client.search(s -> s.index(target.versions())
                    .query(q -> q.bool(b -> {
                        b.filter(f -> f.term(t -> t.field(VersionDocument.ENTITY_ID).value(entityId)))
                                .filter(f -> f.term(t -> t.field(VersionDocument.ANCESTORS).value(versionId)));
                        if (atMostDepth != null) {
                            b.filter(f -> f.range(r -> r.untyped(u -> u.field(VersionDocument.DEPTH)
                                    .lte(JsonData.of(atMostDepth)))));
                        }
                        if (deeperThan != null) {
                            b.filter(f -> f.range(r -> r.untyped(u -> u.field(VersionDocument.DEPTH)
                                    .gt(JsonData.of(deeperThan)))));
                        }
                        return b;
                    }))
                    .sort(o -> o.field(f -> f.field(VersionDocument.DEPTH).order(SortOrder.Asc)))
                    .sort(o -> o.field(f -> f.field(VersionDocument.VERSION_NUMBER).order(SortOrder.Asc)))
                    .size(size), VersionDocument.class);
            List<VersionDocument> found = new ArrayList<>();
            response.hits().hits().forEach(hit -> found.add(hit.source()));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public PackagePage packagePage(PackageSearch search, ReleasePosition from, boolean towardsNewer, int size) {
        // newest first is latest_version_at descending (no version: last), then entity_id ascending; towards newer
        // packages the search runs the other way round and the page is turned back
        SortOrder byTime = towardsNewer ? SortOrder.Asc : SortOrder.Desc;
        SortOrder byId = towardsNewer ? SortOrder.Desc : SortOrder.Asc;
        try {
            var response = client.search(s -> {
                s.index(target.entities())
                        .query(q -> q.bool(b -> b.filter(packageFilters(search))))
                        .sort(o -> o.field(f -> f.field(EntityDocument.LATEST_VERSION_AT).order(byTime)
                                .missing(FieldValue.of(towardsNewer ? "_first" : "_last"))))
                        .sort(o -> o.field(f -> f.field(EntityDocument.ENTITY_ID).order(byId)))
                        .size(size)
                        .trackTotalHits(t -> t.enabled(true))
                        .aggregations("total", a -> a.valueCount(v -> v.field(EntityDocument.ENTITY_ID)));
                if (from != null) {
                    s.postFilter(towardsNewer ? newerThan(from) : olderThan(from));
                }
                return s;
            }, EntityDocument.class);
            List<EntityDocument> items = new ArrayList<>();
            response.hits().hits().forEach(hit -> items.add(hit.source()));
            if (towardsNewer) {
                Collections.reverse(items);
            }
            long total = (long) response.aggregations().get("total").valueCount().value();
            long beyond = response.hits().total() == null ? items.size() : response.hits().total().value();
            return new PackagePage(items, total, beyond);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The zone, what the caller may read ({@link ReadScope}, as {@link io.registry.access.AccessPolicy} says), the search. */
    private static List<Query> packageFilters(PackageSearch search) {
        List<Query> filters = new ArrayList<>();
        filters.add(term(EntityDocument.ZONE_ID, search.zoneId()));
        ReadScope readers = search.readers();
        if (!readers.everything()) {
            List<Query> readable = new ArrayList<>();
            readable.add(term(EntityDocument.PUBLISHERS, readers.userId()));
            readable.add(term(EntityDocument.SHARED_WITH, readers.userId()));
            readable.add(term(EntityDocument.STORE, Store.PUBLIC.wireName()));
            if (readers.organizationId() != null) {
                readable.add(Query.of(q -> q.bool(b -> b
                        .filter(term(EntityDocument.STORE, Store.ORG.wireName()))
                        .filter(term(EntityDocument.ORGANIZATION_ID, readers.organizationId())))));
            }
            filters.add(Query.of(q -> q.bool(b -> b.should(readable).minimumShouldMatch("1"))));
        }
        if (search.ownerType() != null) {
            filters.add(term(EntityDocument.OWNER_TYPE, search.ownerType().wireName()));
        }
        for (String tag : search.tags()) {
            filters.add(term(EntityDocument.TAGS, tag));
        }
        if (search.text() != null) {
            filters.add(Query.of(q -> q.matchBoolPrefix(m -> m.field(EntityDocument.SEARCH_TEXT).query(search.text())
                    .operator(Operator.And))));
        }
        return filters;
    }

    /** Packages after {@code from} in the listing: released before it, or at the same millisecond with a greater id. */
    private static Query olderThan(ReleasePosition from) {
        Query laterId = Query.of(q -> q.range(r -> r.term(t -> t.field(EntityDocument.ENTITY_ID).gt(from.entityId()))));
        if (from.latestVersionAt() == null) {
            return Query.of(q -> q.bool(b -> b.mustNot(hasRelease()).filter(laterId)));
        }
        return Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(releasedAt(r -> r.lt(millis(from))))
                .should(Query.of(s -> s.bool(same -> same.filter(releasedAt(r -> r.gte(millis(from)).lte(millis(from))))
                        .filter(laterId))))
                .should(Query.of(s -> s.bool(none -> none.mustNot(hasRelease()))))));
    }

    /** Packages before {@code from} in the listing: released after it, or at the same millisecond with a smaller id. */
    private static Query newerThan(ReleasePosition from) {
        Query earlierId = Query.of(q -> q.range(r -> r.term(t -> t.field(EntityDocument.ENTITY_ID).lt(from.entityId()))));
        if (from.latestVersionAt() == null) {
            return Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                    .should(hasRelease())
                    .should(Query.of(s -> s.bool(none -> none.mustNot(hasRelease()).filter(earlierId))))));
        }
        return Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(releasedAt(r -> r.gt(millis(from))))
                .should(Query.of(s -> s.bool(same -> same.filter(releasedAt(r -> r.gte(millis(from)).lte(millis(from))))
                        .filter(earlierId))))));
    }

    private static Query releasedAt(UnaryOperator<DateRangeQuery.Builder> bounds) {
        return Query.of(q -> q.range(r -> r.date(d -> bounds.apply(d.field(EntityDocument.LATEST_VERSION_AT)
                .format("epoch_millis")))));
    }

    private static Query hasRelease() {
        return Query.of(q -> q.exists(e -> e.field(EntityDocument.LATEST_VERSION_AT)));
    }

    private static String millis(ReleasePosition position) {
        return Long.toString(position.latestVersionAt());
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    @Override
    public boolean zoneExists(String zoneId) {
        try {
            return client.count(c -> c.index(target.entities())
                    .query(q -> q.term(t -> t.field(EntityDocument.ZONE_ID).value(zoneId)))).count() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void refreshVersions() {
        try {
            client.indices().refresh(r -> r.index(target.versions()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void refreshEntities() {
        try {
            client.indices().refresh(r -> r.index(target.entities()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Set<String> writeEntities(Collection<EntityDocument> documents) {
        return bulk(target.entities(), documents);
    }

    @Override
    public Set<String> writeVersions(Collection<VersionDocument> documents) {
        return bulk(target.versions(), documents);
    }

    private Set<String> bulk(String index, Collection<? extends ReadModelDocument> documents) {
        if (documents.isEmpty()) {
            return Set.of();
        }
        List<BulkOperation> operations = new ArrayList<>(documents.size());
        for (ReadModelDocument document : documents) {
            operations.add(BulkOperation.of(o -> o.index(i -> i.index(index).id(document.docId()).document(document)
                    .version(document.lastSequence()).versionType(VersionType.ExternalGte))));
        }
        long started = System.nanoTime();
        BulkResponse response;
        try {
            response = client.bulk(b -> b.operations(operations));
        } catch (IOException e) {
            timeBulk(index, "error", started);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            timeBulk(index, "error", started);
            throw e;
        }
        Set<String> refused = new LinkedHashSet<>();
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    continue;
                }
                if (item.status() == 409) {
                    // a newer write of this document is already there: it stays
                    refused.add(item.id());
                    continue;
                }
                timeBulk(index, "refused", started);
                throw new UncheckedIOException(new IOException("Elasticsearch refused part of a bulk write to "
                        + index + ": " + item.id() + ": " + item.error().reason()));
            }
        }
        timeBulk(index, "success", started);
        return refused;
    }

    private void timeBulk(String index, String outcome, long started) {
        if (meters != null) {
            Timer.builder(BULK_METRIC)
                    .description("One bulk write of the projection to Elasticsearch")
                    .tag("alias", index)
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
