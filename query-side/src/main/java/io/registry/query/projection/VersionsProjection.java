package io.registry.query.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the two read models in Elasticsearch: one document per entity (access data, counters, the
 * entity's last applied event sequence) and one per confirmed version (everything the listings show,
 * plus its lineage: the ids of its ancestors, root first, and its depth, so ancestors are one multi-get
 * and descendants one query).
 * Every write sets values rather than accumulating, so applying an event twice changes nothing; the
 * entity document is written last so its {@code last_sequence} means "everything up to here is visible".
 */
public class VersionsProjection {

    private final ElasticsearchClient client;
    private final IndexTarget target;
    private final ObjectMapper mapper = EventJson.mapper();

    public VersionsProjection(ElasticsearchClient client, IndexTarget target) {
        this.client = client;
        this.target = target;
    }

    public void apply(EntityEvent event, long sequence) throws IOException {
        if (event instanceof EntityCreated e) {
            on(e, sequence);
        } else if (event instanceof PublisherGranted e) {
            updateEntitySet(e.entityId(), "publishers", e.userId(), true, sequence);
        } else if (event instanceof PublisherRevoked e) {
            updateEntitySet(e.entityId(), "publishers", e.userId(), false, sequence);
        } else if (event instanceof EntityShared e) {
            updateEntitySet(e.entityId(), "shared_with", e.userId(), true, sequence);
        } else if (event instanceof EntityUnshared e) {
            updateEntitySet(e.entityId(), "shared_with", e.userId(), false, sequence);
        } else if (event instanceof StoreChanged e) {
            updateEntity(e.entityId(), Map.of("store", e.store().wireName()), sequence);
        } else if (event instanceof VersionConfirmed e) {
            on(e, sequence);
        } else if (event instanceof ActiveVersionChanged e) {
            on(e, sequence);
        } else if (event instanceof VersionArchived e) {
            updateVersion(e.entityId(), e.versionId(), Map.of("archived_at", e.archivedAt().toString()));
            updateEntity(e.entityId(), Map.of(), sequence);
        } else if (event instanceof UploadRequested || event instanceof UploadExpired) {
            updateEntity(event.entityId(), Map.of(), sequence);
        }
    }

    private void on(EntityCreated e, long sequence) throws IOException {
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
        doc.put("last_sequence", sequence);
        client.index(i -> i.index(target.entities()).id(e.entityId()).document(doc));
    }

    private void on(VersionConfirmed e, long sequence) throws IOException {
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
        doc.put("active", false);
        doc.put("source_hash", e.sourceHash());
        doc.put("base_version_id", e.baseVersionId());
        doc.put("storage_path", e.storagePath());
        doc.put("file_size_bytes", e.fileSizeBytes());
        doc.put("package_lock_path", e.packageLockPath());
        doc.set("service_dependencies", mapper.valueToTree(e.serviceDependencies()));
        doc.set("package_json", e.packageJson());
        ArrayNode ancestors = mapper.createArrayNode();
        if (e.baseVersionId() != null) {
            ObjectNode base = versionDoc(e.entityId(), e.baseVersionId());
            base.path("ancestors").forEach(ancestors::add);
            ancestors.add(e.baseVersionId());
        }
        doc.set("ancestors", ancestors);
        doc.put("depth", ancestors.size());
        boolean active = e.versionId().equals(entity.path("active_version_id").asText(null));
        doc.put("active", active);
        client.index(i -> i.index(target.versions()).id(versionDocId(e.entityId(), e.versionId())).document(doc));
        updateEntity(e.entityId(), Map.of("version_count", e.version()), sequence);
    }

    private void on(ActiveVersionChanged e, long sequence) throws IOException {
        if (e.previousVersionId() != null && !e.previousVersionId().equals(e.versionId())) {
            updateVersion(e.entityId(), e.previousVersionId(), Map.of("active", false));
        }
        updateVersion(e.entityId(), e.versionId(), Map.of("active", true));
        updateEntity(e.entityId(), Map.of("active_version_id", e.versionId()), sequence);
    }

    private void updateEntitySet(String entityId, String field, String userId, boolean present, long sequence)
            throws IOException {
        ObjectNode entity = entity(entityId);
        TreeSet<String> values = new TreeSet<>();
        entity.path(field).forEach(v -> values.add(v.asText()));
        if (present) {
            values.add(userId);
        } else {
            values.remove(userId);
        }
        ArrayNode array = mapper.createArrayNode();
        values.forEach(array::add);
        updateEntity(entityId, Map.of(field, array), sequence);
    }

    private void updateEntity(String entityId, Map<String, Object> fields, long sequence) throws IOException {
        ObjectNode doc = mapper.createObjectNode();
        fields.forEach((k, v) -> doc.set(k, mapper.valueToTree(v)));
        doc.put("last_sequence", sequence);
        client.update(u -> u.index(target.entities()).id(entityId).doc(doc), ObjectNode.class);
    }

    private void updateVersion(String entityId, String versionId, Map<String, Object> fields) throws IOException {
        ObjectNode doc = mapper.createObjectNode();
        fields.forEach((k, v) -> doc.set(k, mapper.valueToTree(v)));
        client.update(u -> u.index(target.versions()).id(versionDocId(entityId, versionId)).doc(doc), ObjectNode.class);
    }

    private ObjectNode entity(String entityId) throws IOException {
        var response = client.get(g -> g.index(target.entities()).id(entityId).realtime(true), ObjectNode.class);
        if (!response.found() || response.source() == null) {
            throw new IllegalStateException("Entity " + entityId + " is not in the read model yet");
        }
        return response.source();
    }

    private ObjectNode versionDoc(String entityId, String versionId) throws IOException {
        var response = client.get(g -> g.index(target.versions()).id(versionDocId(entityId, versionId)).realtime(true),
                ObjectNode.class);
        if (!response.found() || response.source() == null) {
            throw new IllegalStateException("Version " + entityId + "/" + versionId + " is not in the read model yet");
        }
        return response.source();
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public static String versionDocId(String entityId, String versionId) {
        return entityId + "/" + versionId;
    }
}
