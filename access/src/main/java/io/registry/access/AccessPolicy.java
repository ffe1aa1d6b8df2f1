package io.registry.access;

import io.registry.events.OwnerType;
import io.registry.events.Store;

/**
 * The access rules of the contract, as pure functions.
 * <ul>
 *   <li>Read: admins, publishers, users the entity is shared with, members of its organization when its
 *   store is {@code org}, and any authenticated user when its store is {@code public}.</li>
 *   <li>Publish (every mutation): admins and publishers; a {@code platform} entity only by an admin.</li>
 *   <li>Create: for the caller's own organization, unless the caller is an admin; a {@code platform} entity
 *   only by an admin.</li>
 * </ul>
 * A caller who may not read gets "not found" so existence does not leak; a reader who may not publish
 * gets "forbidden".
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    public static boolean canRead(Caller caller, EntityAccess entity) {
        if (caller.isAdmin() || entity.publishers().contains(caller.userId())
                || entity.sharedWith().contains(caller.userId())) {
            return true;
        }
        if (entity.store() == Store.PUBLIC) {
            return true;
        }
        return entity.store() == Store.ORG && entity.organizationId() != null
                && entity.organizationId().equals(caller.organizationId());
    }

    public static boolean canPublish(Caller caller, EntityAccess entity) {
        if (caller.isAdmin()) {
            return true;
        }
        return entity.ownerType() != OwnerType.PLATFORM && entity.publishers().contains(caller.userId());
    }

    /** Only an admin may create an entity for another organization than the caller's own. */
    public static boolean canCreateFor(Caller caller, String organizationId) {
        return caller.isAdmin() || organizationId != null && organizationId.equals(caller.organizationId());
    }

    /** Only an admin may create a {@code platform} entity. */
    public static boolean canCreate(Caller caller, OwnerType ownerType) {
        return ownerType != OwnerType.PLATFORM || caller.isAdmin();
    }
}
