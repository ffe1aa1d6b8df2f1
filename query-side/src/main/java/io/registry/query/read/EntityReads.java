package io.registry.query.read;

import io.registry.access.AccessPolicy;
import io.registry.access.Caller;
import io.registry.api.problem.ApiException;
import io.registry.query.read.ReadYourWrites.Reads;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.ReadModelStore;
import io.registry.query.readmodel.VersionDocument;
import org.springframework.http.ResponseEntity;

/**
 * What every read route does first: wait (bounded) for the client's own write when it sent a consistency token, then
 * find the entity and check that the caller may read it. A caller who may not read an entity gets the same 404 as for
 * an entity that does not exist, so existence does not leak.
 */
public class EntityReads {

    private final ReadModelStore store;
    private final ReadYourWrites readYourWrites;

    public EntityReads(ReadModelStore store, ReadYourWrites readYourWrites) {
        this.store = store;
        this.readYourWrites = readYourWrites;
    }

    /** An entity the caller may read, and whether the read model had caught up with the client's token. */
    public record OpenedEntity(EntityDocument entity, boolean caughtUp) {

        /** A 200 response builder, marked stale when the read could not wait for the client's write. */
        public ResponseEntity.BodyBuilder ok() {
            return ReadYourWrites.ok(caughtUp);
        }

        public <T> ResponseEntity<T> respond(T body) {
            return ok().body(body);
        }
    }

    /** The entity surface: waits for the token, then the entity if the caller may read it; 404 otherwise. */
    public OpenedEntity open(Caller caller, String entityId, String consistencyToken, Reads reads) {
        boolean caughtUp = readYourWrites.awaitToken(consistencyToken, reads);
        return new OpenedEntity(readable(caller, null, entityId), caughtUp);
    }

    /** The zone surface: as {@link #open}, for a package in a zone (the listing reads by search). */
    public OpenedEntity openInZone(Caller caller, String zoneId, String packageId, String consistencyToken) {
        boolean caughtUp = readYourWrites.awaitToken(consistencyToken, Reads.BY_SEARCH);
        return new OpenedEntity(readable(caller, zoneId, packageId), caughtUp);
    }

    /**
     * The entity's document if the caller may read it (and, with a {@code zoneId}, it lives in that zone); 404
     * otherwise: {@code zone_not_found} when no entity lives in the zone, else {@code package_not_found} (zone surface)
     * or {@code entity_not_found}.
     */
    public EntityDocument readable(Caller caller, String zoneId, String entityId) {
        EntityDocument entity = store.entity(entityId).orElse(null);
        boolean inZone = entity != null && (zoneId == null || zoneId.equals(entity.zoneId()));
        if (!inZone || !AccessPolicy.canRead(caller, entity.access())) {
            if (zoneId != null && !store.zoneExists(zoneId)) {
                throw ApiException.notFound("zone_not_found", "No zone " + zoneId + ".");
            }
            throw ApiException.notFound(zoneId != null ? "package_not_found" : "entity_not_found",
                    zoneId != null ? "No package " + entityId + " in zone " + zoneId + "."
                            : "No entity " + entityId + ".");
        }
        return entity;
    }

    /** A version of a readable entity; 404 {@code version_not_found} when it has none with this id. */
    public VersionDocument version(EntityDocument entity, String versionId) {
        return store.version(entity.entityId(), versionId).orElseThrow(() -> ApiException.notFound(
                "version_not_found", "Entity " + entity.entityId() + " has no version " + versionId + "."));
    }
}
