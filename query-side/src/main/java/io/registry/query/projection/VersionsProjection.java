package io.registry.query.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.registry.events.ActiveVersionChanged;
import io.registry.events.EntityCreated;
import io.registry.events.EntityEvent;
import io.registry.events.EntityShared;
import io.registry.events.EntityUnshared;
import io.registry.events.EventJson;
import io.registry.events.PublisherGranted;
import io.registry.events.PublisherRevoked;
import io.registry.events.ReleaseMetadata;
import io.registry.events.StoreChanged;
import io.registry.events.UploadExpired;
import io.registry.events.UploadRequested;
import io.registry.events.VersionArchived;
import io.registry.events.VersionConfirmed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Builds the two read models in Elasticsearch: one document per entity (access data, counters, the
 * entity's last applied event sequence) and one per confirmed version (everything the listings show,
 * plus its lineage: the ids of its ancestors, root first, and its depth, so ancestors are one multi-get
 * and descendants one query).
 *
 * <p>Events are applied in {@link Batch}es: documents are read once, changed in memory and written back
 * whole in two bulk requests (versions, then entities, so an entity's {@code last_sequence} never gets
 * ahead of its versions). Every change sets values rather than accumulating, so applying an event twice
 * changes nothing.
 *
 * <p>Every document is written with an external version: the sequence, in its entity, of the last event that
 * changed it ({@code last_sequence}). Elasticsearch keeps the newest write whatever order writes arrive in, so a
 * late writer (an instance that lost its segment, a live projection re-applying events a rebuild already wrote)
 * can never set a document back; an event older than what an entity's document already holds is skipped.
 */
public class VersionsProjection {

    public static final String BULK_METRIC = "registry.elasticsearch.bulk";

    private final ElasticsearchClient client;
    private final IndexTarget target;
    private final ObjectMapper mapper = EventJson.mapper();
    private final Map<String, ObjectNode> writtenEntities;
    private final MeterRegistry meters;

    public VersionsProjection(ElasticsearchClient client, IndexTarget target) {
        this(client, target, 0, null);
    }

    /**
     * @param entityCacheSize how many entity documents to remember after writing them (0: none). A
     *                        remembered document is used only for the event that directly follows its
     *                        {@code last_sequence}, so it is never stale, even when another instance took
     *                        over the entity's segment in between.
     * @param meters          where the bulk writes are timed ({@value #BULK_METRIC}{alias, outcome}: the index or
     *                        alias written to; outcome success, refused or error); null: not timed
     */
    public VersionsProjection(ElasticsearchClient client, IndexTarget target, int entityCacheSize,
                              MeterRegistry meters) {
        this.client = client;
        this.target = target;
        this.meters = meters;
        this.writtenEntities = entityCacheSize <= 0 ? null : java.util.Collections.synchronizedMap(
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
                        return size() > entityCacheSize;
                    }
                });
    }

    public Batch begin() {
        return new Batch();
    }

    /** Applies one event on its own (a batch of one). */
    public void apply(EntityEvent event, long sequence) throws IOException {
        Batch batch = begin();
        batch.apply(event, sequence);
        batch.flush();
    }

    public static String versionDocId(String entityId, String versionId) {
        return entityId + "/" + versionId;
    }

    /** Documents touched by a run of events, kept in memory until {@link #flush()}. */
    public final class Batch {

        private final Map<String, ObjectNode> entities = new LinkedHashMap<>();
        private final Map<String, ObjectNode> versions = new LinkedHashMap<>();
        private final Set<String> dirtyEntities = new LinkedHashSet<>();
        private final Set<String> dirtyVersions = new LinkedHashSet<>();
        private int applied;
        private long currentSequence;

        public int size() {
            return applied;
        }

        public void apply(EntityEvent event, long sequence) throws IOException {
            applied++;
            currentSequence = sequence;
            if (alreadyApplied(event.entityId(), sequence)) {
                return;
            }
            if (event instanceof EntityCreated e) {
                on(e);
            } else if (event instanceof PublisherGranted e) {
                setMembership(e.entityId(), "publishers", e.userId(), true);
            } else if (event instanceof PublisherRevoked e) {
                setMembership(e.entityId(), "publishers", e.userId(), false);
            } else if (event instanceof EntityShared e) {
                setMembership(e.entityId(), "shared_with", e.userId(), true);
            } else if (event instanceof EntityUnshared e) {
                setMembership(e.entityId(), "shared_with", e.userId(), false);
            } else if (event instanceof StoreChanged e) {
                entity(e.entityId()).put("store", e.store().wireName());
            } else if (event instanceof VersionConfirmed e) {
                on(e);
            } else if (event instanceof ActiveVersionChanged e) {
                on(e);
            } else if (event instanceof VersionArchived e) {
                version(e.entityId(), e.versionId()).put("archived_at", e.archivedAt().toString());
            } else if (!(event instanceof UploadRequested) && !(event instanceof UploadExpired)) {
                throw new IllegalArgumentException("No projection for " + event.getClass().getName());
            }
            entity(event.entityId()).put("last_sequence", sequence);
        }

        /** Writes every changed document; the batch can be reused afterwards (documents stay cached). */
        public void flush() throws IOException {
            bulk(target.versions(), versions, dirtyVersions);
            List<String> written = new ArrayList<>(dirtyEntities);
            bulk(target.entities(), entities, dirtyEntities);
            if (writtenEntities != null) {
                for (String id : written) {
                    ObjectNode doc = entities.get(id);
                    if (doc != null) {
                        writtenEntities.put(id, doc.deepCopy());
                    }
                }
            }
        }

        /** Whether the entity's document already holds this event (or a later one): then there is nothing to do. */
        private boolean alreadyApplied(String entityId, long sequence) throws IOException {
            ObjectNode doc = entities.get(entityId);
            if (doc == null) {
                ObjectNode remembered = writtenEntities == null ? null : writtenEntities.get(entityId);
                if (remembered != null && remembered.path("last_sequence").asLong(-2) == sequence - 1) {
                    return false;
                }
                doc = loadIfPresent(target.entities(), entityId);
                if (doc == null) {
                    return false;
                }
                entities.put(entityId, doc);
            }
            return doc.path("last_sequence").asLong(-1) >= sequence;
        }

        /** Forgets the cached documents (after a flush), to bound memory on long replays. */
        public void clear() {
            entities.clear();
            versions.clear();
            applied = 0;
        }

        private void on(EntityCreated e) {
            ObjectNode doc = mapper.createObjectNode();
            doc.put("entity_id", e.entityId());
            doc.put("zone_id", e.zoneId());
            doc.put("name", e.name());
            doc.put("description", e.description());
            doc.put("icon_url", e.iconUrl());
            doc.put("owner_type", e.ownerType().wireName());
            doc.put("organization_id", e.organizationId());
            doc.put("store", e.store().wireName());
            doc.putArray("publishers").add(e.createdBy());
            doc.putArray("shared_with");
            doc.putNull("active_version_id");
            doc.put("version_count", 0);
            doc.put("created_by", e.createdBy());
            doc.put("created_at", e.createdAt().toString());
            entities.put(e.entityId(), doc);
            dirtyEntities.add(e.entityId());
        }

        private void on(VersionConfirmed e) throws IOException {
            ObjectNode entity = entity(e.entityId());
            ReleaseMetadata release = e.release() == null ? ReleaseMetadata.empty() : e.release();
            ObjectNode doc = mapper.createObjectNode();
            doc.put("id", e.versionId());
            doc.put("entity_id", e.entityId());
            doc.put("zone_id", entity.path("zone_id").asText());
            doc.put("version", e.version());
            doc.put("created_at", e.confirmedAt().toString());
            doc.put("created_by", e.confirmedBy());
            doc.put("manifest_sha", e.manifestSha());
            doc.put("name", entity.path("name").asText());
            doc.put("owner_type", entity.path("owner_type").asText());
            doc.put("description", release.description() != null ? release.description() : textOrNull(entity, "description"));
            doc.put("icon_url", release.iconUrl() != null ? release.iconUrl() : textOrNull(entity, "icon_url"));
            doc.set("inputs", release.inputs());
            doc.set("outputs", release.outputs());
            doc.set("links", release.links());
            doc.set("properties", release.properties());
            doc.set("tags", release.tags() == null || release.tags().isEmpty() ? null : mapper.valueToTree(release.tags()));
            doc.putNull("archived_at");
            doc.put("source_hash", e.sourceHash());
            doc.put("base_version_id", e.baseVersionId());
            doc.put("storage_path", e.storagePath());
            doc.put("file_size_bytes", e.fileSizeBytes());
            doc.put("package_sha256", e.packageSha256());
            doc.put("package_lock_path", e.packageLockPath());
            doc.put("lockfile_sha256", e.lockfileSha256());
            doc.set("service_dependencies", mapper.valueToTree(e.serviceDependencies()));
            doc.set("package_json", e.packageJson());
            ArrayNode ancestors = mapper.createArrayNode();
            if (e.baseVersionId() != null) {
                ObjectNode base = cachedVersion(e.entityId(), e.baseVersionId());
                base.path("ancestors").forEach(ancestors::add);
                ancestors.add(e.baseVersionId());
            }
            doc.set("ancestors", ancestors);
            doc.put("depth", ancestors.size());
            doc.put("active", e.versionId().equals(entity.path("active_version_id").asText(null)));
            doc.put("last_sequence", currentSequence);
            String id = versionDocId(e.entityId(), e.versionId());
            versions.put(id, doc);
            dirtyVersions.add(id);
            entity.put("version_count", e.version());
        }

        private void on(ActiveVersionChanged e) throws IOException {
            if (e.previousVersionId() != null && !e.previousVersionId().equals(e.versionId())) {
                version(e.entityId(), e.previousVersionId()).put("active", false);
            }
            version(e.entityId(), e.versionId()).put("active", true);
            entity(e.entityId()).put("active_version_id", e.versionId());
        }

        private void setMembership(String entityId, String field, String userId, boolean present) throws IOException {
            ObjectNode entity = entity(entityId);
            TreeSet<String> values = new TreeSet<>();
            entity.path(field).forEach(v -> values.add(v.asText()));
            if (present) {
                values.add(userId);
            } else {
                values.remove(userId);
            }
            ArrayNode array = entity.putArray(field);
            values.forEach(array::add);
        }

        /** The entity's document, loaded once per batch, marked as changed. */
        private ObjectNode entity(String entityId) throws IOException {
            ObjectNode doc = entities.get(entityId);
            if (doc == null) {
                ObjectNode remembered = writtenEntities == null ? null : writtenEntities.get(entityId);
                doc = remembered != null && remembered.path("last_sequence").asLong(-2) == currentSequence - 1
                        ? remembered.deepCopy() : load(target.entities(), entityId);
                entities.put(entityId, doc);
            }
            dirtyEntities.add(entityId);
            return doc;
        }

        /** A version's document, loaded once per batch, marked as changed by the current event. */
        private ObjectNode version(String entityId, String versionId) throws IOException {
            ObjectNode doc = cachedVersion(entityId, versionId);
            doc.put("last_sequence", currentSequence);
            dirtyVersions.add(versionDocId(entityId, versionId));
            return doc;
        }

        /** A version's document, loaded once per batch, to read. */
        private ObjectNode cachedVersion(String entityId, String versionId) throws IOException {
            String id = versionDocId(entityId, versionId);
            ObjectNode doc = versions.get(id);
            if (doc == null) {
                doc = load(target.versions(), id);
                versions.put(id, doc);
            }
            return doc;
        }

        private ObjectNode load(String index, String id) throws IOException {
            ObjectNode doc = loadIfPresent(index, id);
            if (doc == null) {
                throw new IllegalStateException("Document " + id + " is not in " + index + " yet");
            }
            return doc;
        }

        private ObjectNode loadIfPresent(String index, String id) throws IOException {
            var response = client.get(g -> g.index(index).id(id).realtime(true), ObjectNode.class);
            return response.found() ? response.source() : null;
        }

        private void bulk(String index, Map<String, ObjectNode> docs, Set<String> dirty) throws IOException {
            if (dirty.isEmpty()) {
                return;
            }
            List<BulkOperation> operations = new ArrayList<>(dirty.size());
            for (String id : dirty) {
                ObjectNode doc = docs.get(id);
                long version = doc.path("last_sequence").asLong(0);
                operations.add(BulkOperation.of(o -> o.index(i -> i.index(index).id(id).document(doc)
                        .version(version).versionType(VersionType.ExternalGte))));
            }
            long started = System.nanoTime();
            BulkResponse response;
            try {
                response = client.bulk(b -> b.operations(operations));
            } catch (IOException | RuntimeException e) {
                timeBulk(index, "error", started);
                throw e;
            }
            if (response.errors()) {
                for (BulkResponseItem item : response.items()) {
                    if (item.error() == null) {
                        continue;
                    }
                    if (item.status() == 409) {
                        // a newer write of this document is already there: keep it, and do not build on ours
                        docs.remove(item.id());
                        if (writtenEntities != null) {
                            writtenEntities.remove(item.id());
                        }
                        continue;
                    }
                    timeBulk(index, "refused", started);
                    throw new IOException("Elasticsearch refused part of a bulk write to " + index + ": "
                            + item.id() + ": " + item.error().reason());
                }
            }
            timeBulk(index, "success", started);
            dirty.clear();
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

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
