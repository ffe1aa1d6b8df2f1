package io.registry.query.readmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.access.EntityAccess;
import io.registry.api.resource.EntityResource;
import io.registry.events.ChannelTarget;
import io.registry.events.EntityCreated;
import io.registry.events.OwnerType;
import io.registry.events.RetentionPolicy;
import io.registry.events.Store;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One document per entity in the entities read model: what {@code GET /api/entities/{id}} shows, who may read or
 * publish the entity, and the sequence of its last event the projection applied. The JSON names are the stored field
 * names (those {@code elasticsearch/registry-entities.json} maps); queries name fields through the constants below.
 * Publishers and shared users are kept sorted once they change.
 *
 * <p>{@code tags} (those of the active version) and {@code latest_version_at} (when the newest version was confirmed)
 * are left out of the stored JSON while they have no value, so documents written before they existed read and write
 * back the same; such documents get them from a read-model rebuild. So are {@code channels} (each channel's targets,
 * by name) and {@code retention_policy}, which only their own events set.
 */
public record EntityDocument(
        @JsonProperty(EntityDocument.ENTITY_ID) String entityId,
        @JsonProperty(EntityDocument.ZONE_ID) String zoneId,
        @JsonProperty(EntityDocument.NAME) String name,
        @JsonProperty(EntityDocument.DESCRIPTION) String description,
        @JsonProperty("icon_url") String iconUrl,
        @JsonProperty(EntityDocument.OWNER_TYPE) OwnerType ownerType,
        @JsonProperty(EntityDocument.ORGANIZATION_ID) String organizationId,
        @JsonProperty(EntityDocument.STORE) Store store,
        @JsonProperty(EntityDocument.PUBLISHERS) List<String> publishers,
        @JsonProperty(EntityDocument.SHARED_WITH) List<String> sharedWith,
        @JsonProperty("active_version_id") String activeVersionId,
        @JsonProperty("version_count") int versionCount,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("last_sequence") long lastSequence,
        @JsonProperty(EntityDocument.TAGS) @JsonInclude(Include.NON_NULL) List<String> tags,
        @JsonProperty(EntityDocument.LATEST_VERSION_AT) @JsonInclude(Include.NON_NULL) Instant latestVersionAt,
        @JsonProperty("channels") @JsonInclude(Include.NON_EMPTY) Map<String, List<ChannelTarget>> channels,
        @JsonProperty("retention_policy") @JsonInclude(Include.NON_NULL) RetentionPolicy retentionPolicy)
        implements ReadModelDocument {

    /** The entity's id: {@code entity_id}, a keyword (the tie-break of the release order). */
    public static final String ENTITY_ID = "entity_id";
    /** The zone an entity lives in: {@code zone_id}, a keyword (how a zone is found to exist). */
    public static final String ZONE_ID = "zone_id";
    /** {@code name}, text: copied into {@link #SEARCH_TEXT}. */
    public static final String NAME = "name";
    /** {@code description}, text: copied into {@link #SEARCH_TEXT}. */
    public static final String DESCRIPTION = "description";
    /**
     * Not a field of the document: the text field the mapping copies {@link #NAME} and {@link #DESCRIPTION} into, so
     * that every word of a search may match in either of them.
     */
    public static final String SEARCH_TEXT = "search_text";
    /** {@code owner_type}, a keyword. */
    public static final String OWNER_TYPE = "owner_type";
    /** {@code organization_id}, a keyword (read access of an {@code org} store). */
    public static final String ORGANIZATION_ID = "organization_id";
    /** {@code store}, a keyword (read access). */
    public static final String STORE = "store";
    /** {@code publishers}, keywords (read access). */
    public static final String PUBLISHERS = "publishers";
    /** {@code shared_with}, keywords (read access). */
    public static final String SHARED_WITH = "shared_with";
    /** The tags of the active version: {@code tags}, keywords. */
    public static final String TAGS = "tags";
    /** When the entity's newest version was confirmed: {@code latest_version_at}, a date (the release order). */
    public static final String LATEST_VERSION_AT = "latest_version_at";

    public EntityDocument {
        publishers = publishers == null ? List.of() : List.copyOf(publishers);
        sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
        tags = tags == null || tags.isEmpty() ? null : List.copyOf(tags);
        channels = channels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(channels));
    }

    /** The entity as its creation event leaves it: its creator the only publisher, shared with nobody, no versions. */
    public static EntityDocument created(EntityCreated e, long sequence) {
        return new EntityDocument(e.entityId(), e.zoneId(), e.name(), e.description(), e.iconUrl(), e.ownerType(),
                e.organizationId(), e.store(), List.of(e.createdBy()), List.of(), null, 0, e.createdBy(),
                e.createdAt(), sequence, null, null, Map.of(), null);
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
        return changed(store, publishers, sharedWith, activeVersionId, versionCount, lastSequence, tags,
                latestVersionAt);
    }

    /** Adds ({@code present}) or removes a publisher. */
    public EntityDocument withPublisher(String userId, boolean present) {
        return changed(store, membership(publishers, userId, present), sharedWith, activeVersionId, versionCount,
                lastSequence, tags, latestVersionAt);
    }

    /** Shares the entity with a user ({@code present}) or stops sharing it. */
    public EntityDocument withShare(String userId, boolean present) {
        return changed(store, publishers, membership(sharedWith, userId, present), activeVersionId, versionCount,
                lastSequence, tags, latestVersionAt);
    }

    /** The active version becomes {@code version}: its id, and its tags as the entity's. */
    public EntityDocument withActiveVersion(VersionDocument version) {
        return changed(store, publishers, sharedWith, version.versionId(), versionCount, lastSequence, version.tags(),
                latestVersionAt);
    }

    /** A version was confirmed: {@code count} versions in all, the newest confirmed at {@code confirmedAt}. */
    public EntityDocument withLatestVersion(int count, Instant confirmedAt) {
        return changed(store, publishers, sharedWith, activeVersionId, count, lastSequence, tags, confirmedAt);
    }

    /** The channel now points at {@code targets}; null targets: the channel is removed. */
    public EntityDocument withChannel(String channel, List<ChannelTarget> targets) {
        Map<String, List<ChannelTarget>> changed = new TreeMap<>(channels);
        if (targets == null) {
            changed.remove(channel);
        } else {
            changed.put(channel, List.copyOf(targets));
        }
        return changed(store, publishers, sharedWith, activeVersionId, versionCount, lastSequence, tags,
                latestVersionAt, changed, retentionPolicy);
    }

    public EntityDocument withRetentionPolicy(RetentionPolicy policy) {
        return changed(store, publishers, sharedWith, activeVersionId, versionCount, lastSequence, tags,
                latestVersionAt, channels, policy);
    }

    /** The entity's retention policy; one without rules when none was ever set. */
    public RetentionPolicy retention() {
        return retentionPolicy == null ? new RetentionPolicy(null, null) : retentionPolicy;
    }

    /** Whether the version is the active one or a channel's target: retention never archives it. */
    public boolean pins(String versionId) {
        return versionId.equals(activeVersionId) || channels.values().stream()
                .anyMatch(targets -> targets.stream().anyMatch(target -> target.versionId().equals(versionId)));
    }

    public EntityDocument withLastSequence(long sequence) {
        return changed(store, publishers, sharedWith, activeVersionId, versionCount, sequence, tags, latestVersionAt);
    }

    private EntityDocument changed(Store store, List<String> publishers, List<String> sharedWith,
                                   String activeVersionId, int versionCount, long lastSequence, List<String> tags,
                                   Instant latestVersionAt) {
        return changed(store, publishers, sharedWith, activeVersionId, versionCount, lastSequence, tags,
                latestVersionAt, channels, retentionPolicy);
    }

    private EntityDocument changed(Store store, List<String> publishers, List<String> sharedWith,
                                   String activeVersionId, int versionCount, long lastSequence, List<String> tags,
                                   Instant latestVersionAt, Map<String, List<ChannelTarget>> channels,
                                   RetentionPolicy retentionPolicy) {
        return new EntityDocument(entityId, zoneId, name, description, iconUrl, ownerType, organizationId, store,
                publishers, sharedWith, activeVersionId, versionCount, createdBy, createdAt, lastSequence, tags,
                latestVersionAt, channels, retentionPolicy);
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
