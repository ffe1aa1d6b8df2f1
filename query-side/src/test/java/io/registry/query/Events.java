package io.registry.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.registry.events.ActiveVersionChanged;
import io.registry.events.EntityCreated;
import io.registry.events.EntityShared;
import io.registry.events.EntityUnshared;
import io.registry.events.OwnerType;
import io.registry.events.PublisherGranted;
import io.registry.events.PublisherRevoked;
import io.registry.events.ReleaseMetadata;
import io.registry.events.Store;
import io.registry.events.StoreChanged;
import io.registry.events.UploadExpired;
import io.registry.events.UploadRequested;
import io.registry.events.VersionArchived;
import io.registry.events.ChannelRemoved;
import io.registry.events.ChannelSet;
import io.registry.events.ChannelTarget;
import io.registry.events.VersionConfirmed;

import java.time.Instant;
import java.util.List;

/** Readable factories of the recorded facts the query side reads, about one entity unless told otherwise. */
public final class Events {

    public static final String ENTITY = "acme-widget";
    public static final String OTHER_ENTITY = "acme-gadget";
    public static final String ZONE = "zone-eu";
    public static final String ORG = "org-acme";
    /** Creates the entities, hence their first publisher. */
    public static final String PUBLISHER = "alice";

    public static final String V1 = "2024.06.10-153042";
    public static final String V2 = "2024.06.11-090000";
    public static final String V3 = "2024.06.12-120000";
    public static final String V4 = "2024.06.13-080000";

    public static final Instant CREATED_AT = Instant.parse("2024-06-10T15:00:00Z");
    public static final Instant CONFIRMED_AT = Instant.parse("2024-06-10T15:31:00.123Z");
    public static final Instant ARCHIVED_AT = Instant.parse("2024-06-12T09:00:00Z");
    public static final String MANIFEST_SHA = "5b0c3c926573ebc2e525a371099d139050df22109941df6169b98769f6e4e141";
    public static final String PACKAGE_SHA = "98769f6e4e1413b0c3c926573ebc2e525a371099d139050df22109941df6169b";

    private Events() {
    }

    /** A customer entity in a private store, with a description and an icon. */
    public static EntityCreated anEntityCreated() {
        return anEntityCreated(ENTITY, Store.PRIVATE);
    }

    public static EntityCreated anEntityCreated(String entityId, Store store) {
        return anEntityCreated(entityId, ZONE, store);
    }

    public static EntityCreated anEntityCreated(String entityId, String zoneId, Store store) {
        return new EntityCreated(entityId, zoneId, "Acme widget", "Widgets for everyone",
                "https://icons.example/w.png", OwnerType.CUSTOMER, ORG, store, PUBLISHER, CREATED_AT);
    }

    /** An entity of {@link #ORG} created by {@link #PUBLISHER}, with its own name, description, owner type and store. */
    public static EntityCreated anEntityCreated(String entityId, String zoneId, String name, String description,
                                                OwnerType ownerType, Store store) {
        return new EntityCreated(entityId, zoneId, name, description, null, ownerType, ORG, store, PUBLISHER,
                CREATED_AT);
    }

    /** A platform entity (only admins publish it), public. */
    public static EntityCreated aPlatformEntityCreated() {
        return new EntityCreated(ENTITY, ZONE, "Acme widget", null, null, OwnerType.PLATFORM, ORG, Store.PUBLIC,
                PUBLISHER, CREATED_AT);
    }

    public static PublisherGranted aPublisherGranted(String userId) {
        return new PublisherGranted(ENTITY, userId, PUBLISHER, CREATED_AT);
    }

    public static PublisherRevoked aPublisherRevoked(String userId) {
        return new PublisherRevoked(ENTITY, userId, PUBLISHER, CREATED_AT);
    }

    public static EntityShared anEntityShared(String userId) {
        return new EntityShared(ENTITY, userId, PUBLISHER, CREATED_AT);
    }

    public static EntityUnshared anEntityUnshared(String userId) {
        return new EntityUnshared(ENTITY, userId, PUBLISHER, CREATED_AT);
    }

    public static StoreChanged aStoreChanged(Store store) {
        return new StoreChanged(ENTITY, store, Store.PRIVATE, PUBLISHER, CREATED_AT);
    }

    public static UploadRequested anUploadRequested(String versionId) {
        return new UploadRequested(ENTITY, versionId, "sha256:" + versionId, null, stagingPath(versionId), null,
                false, CONFIRMED_AT.plusSeconds(900), PUBLISHER, CONFIRMED_AT);
    }

    public static UploadExpired anUploadExpired(String versionId) {
        return new UploadExpired(ENTITY, versionId, stagingPath(versionId), null, CONFIRMED_AT.plusSeconds(900));
    }

    /** A version with no base and no release metadata. */
    public static VersionConfirmed aVersionConfirmed(String versionId, int number) {
        return aVersionConfirmed(ENTITY, versionId, number, null, ReleaseMetadata.empty());
    }

    public static VersionConfirmed aVersionConfirmed(String versionId, int number, String baseVersionId) {
        return aVersionConfirmed(ENTITY, versionId, number, baseVersionId, ReleaseMetadata.empty());
    }

    public static VersionConfirmed aVersionConfirmed(String entityId, String versionId, int number,
                                                     String baseVersionId, ReleaseMetadata release) {
        return new VersionConfirmed(entityId, versionId, number, "sha256:" + versionId, baseVersionId,
                stagingPath(versionId), 4096, PACKAGE_SHA, null, null, List.of("postgres"), null, MANIFEST_SHA,
                release, PUBLISHER, CONFIRMED_AT);
    }

    /** A version of any entity, confirmed at {@code confirmedAt}, with these release tags (none: null). */
    public static VersionConfirmed aVersionConfirmedAt(String entityId, String versionId, int number,
                                                       Instant confirmedAt, List<String> tags) {
        return new VersionConfirmed(entityId, versionId, number, "sha256:" + versionId, null, stagingPath(versionId),
                4096, PACKAGE_SHA, null, null, List.of(), null, MANIFEST_SHA,
                new ReleaseMetadata(null, null, null, null, null, null, tags), PUBLISHER, confirmedAt);
    }

    public static ActiveVersionChanged anActiveVersionChanged(String entityId, String versionId,
                                                              String previousVersionId) {
        return new ActiveVersionChanged(entityId, versionId, previousVersionId, PUBLISHER, CONFIRMED_AT);
    }

    /** Release metadata with every field given. */
    public static ReleaseMetadata aFullRelease() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        JsonNode inputs = json.objectNode().put("bindings", "{\"region\": pkg.inputs.region}");
        JsonNode outputs = json.objectNode().put("bindings", "{\"url\": entities.api.href}");
        JsonNode links = json.arrayNode().add(json.objectNode().put("href", "https://docs.example/w").put("rel", "docs"));
        JsonNode properties = json.objectNode().put("urn:registry:team", "core");
        return new ReleaseMetadata("Release notes", "https://icons.example/r.png", inputs, outputs, links, properties,
                List.of("stable"));
    }

    public static ActiveVersionChanged anActiveVersionChanged(String versionId, String previousVersionId) {
        return new ActiveVersionChanged(ENTITY, versionId, previousVersionId, PUBLISHER, CONFIRMED_AT);
    }

    public static VersionArchived aVersionArchived(String versionId) {
        return new VersionArchived(ENTITY, versionId, PUBLISHER, ARCHIVED_AT, null);
    }

    public static ChannelSet aChannelSet(String channel, List<ChannelTarget> targets, List<ChannelTarget> previous) {
        return new ChannelSet(ENTITY, channel, targets, previous, PUBLISHER, ARCHIVED_AT);
    }

    public static ChannelRemoved aChannelRemoved(String channel, List<ChannelTarget> previous) {
        return new ChannelRemoved(ENTITY, channel, previous, PUBLISHER, ARCHIVED_AT);
    }

    private static String stagingPath(String versionId) {
        return "uploads/" + ENTITY + "/" + versionId + "/0123456789abcdef0123456789abcdef/package.tgz";
    }
}
