package io.registry.query.readmodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.access.EntityAccess;
import io.registry.api.resource.EntityResource;
import io.registry.events.EntityCreated;
import io.registry.events.OwnerType;
import io.registry.events.Store;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One document per entity in the entities read model: what {@code GET /api/entities/{id}} shows, who may read or
 * publish the entity, and the sequence of its last event the projection applied. The JSON names are the stored field
 * names (those {@code elasticsearch/registry-entities.json} maps); queries name fields through the constants below.
 * Publishers and shared users are kept sorted once they change.
 */
public record EntityDocument(
        @JsonProperty("entity_id") String entityId,
        @JsonProperty(EntityDocument.ZONE_ID) String zoneId,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("icon_url") String iconUrl,
        @JsonProperty("owner_type") OwnerType ownerType,
        @JsonProperty("organization_id") String organizationId,
        @JsonProperty("store") Store store,
        @JsonProperty("publishers") List<String> publishers,
        @JsonProperty("shared_with") List<String> sharedWith,
        @JsonProperty("active_version_id") String activeVersionId,
        @JsonProperty("version_count") int versionCount,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("last_sequence") long lastSequence) implements ReadModelDocument {

    /** The zone an entity lives in: {@code zone_id}, a keyword (how a zone is found to exist). */
    public static final String ZONE_ID = "zone_id";

    public EntityDocument {
        publishers = publishers == null ? List.of() : List.copyOf(publishers);
        sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
    }

    /** The entity as its creation event leaves it: its creator the only publisher, shared with nobody, no versions. */
    public static EntityDocument created(EntityCreated e, long sequence) {
        return new EntityDocument(e.entityId(), e.zoneId(), e.name(), e.description(), e.iconUrl(), e.ownerType(),
                e.organizationId(), e.store(), List.of(e.createdBy()), List.of(), null, 0, e.createdBy(),
                e.createdAt(), sequence);
    }

    /** The document id: the entity id. */
    @Override
    public String docId() {
        return entityId;
    }

    /** The entity as the API shows it ({@code GET /api/entities/{id}}). */
    public EntityResource toResource() {
        return new EntityResource(entityId, zoneId, name, description, iconUrl, ownerType, organizationId, store,
                publishers, sharedWith, activeVersionId, versionCount, createdBy, createdAt);
    }

    /** What decides who may read or publish the entity. */
    public EntityAccess access() {
        return new EntityAccess(ownerType, organizationId, store, Set.copyOf(publishers), Set.copyOf(sharedWith));
    }

    public EntityDocument withStore(Store store) {
        return changed(store, publishers, sharedWith, activeVersionId, versionCount, lastSequence);
    }

    /** Adds ({@code present}) or removes a publisher. */
    public EntityDocument withPublisher(String userId, boolean present) {
        return changed(store, membership(publishers, userId, present), sharedWith, activeVersionId, versionCount,
                lastSequence);
    }

    /** Shares the entity with a user ({@code present}) or stops sharing it. */
    public EntityDocument withShare(String userId, boolean present) {
        return changed(store, publishers, membership(sharedWith, userId, present), activeVersionId, versionCount,
                lastSequence);
    }

    public EntityDocument withActiveVersion(String versionId) {
        return changed(store, publishers, sharedWith, versionId, versionCount, lastSequence);
    }

    public EntityDocument withVersionCount(int count) {
        return changed(store, publishers, sharedWith, activeVersionId, count, lastSequence);
    }

    public EntityDocument withLastSequence(long sequence) {
        return changed(store, publishers, sharedWith, activeVersionId, versionCount, sequence);
    }

    private EntityDocument changed(Store store, List<String> publishers, List<String> sharedWith,
                                   String activeVersionId, int versionCount, long lastSequence) {
        return new EntityDocument(entityId, zoneId, name, description, iconUrl, ownerType, organizationId, store,
                publishers, sharedWith, activeVersionId, versionCount, createdBy, createdAt, lastSequence);
    }

    private static List<String> membership(List<String> users, String userId, boolean present) {
        TreeSet<String> sorted = new TreeSet<>(users);
        if (present) {
            sorted.add(userId);
        } else {
            sorted.remove(userId);
        }
        return List.copyOf(sorted);
    }
}
