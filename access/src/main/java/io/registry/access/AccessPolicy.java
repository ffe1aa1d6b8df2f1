package io.registry.access;

import io.registry.events.OwnerType;

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
        return ReadScope.of(caller).admits(entity);
    }

    /** Every entity {@code caller} may read, for a search over many entities ({@link ReadScope#admits} = {@link #canRead}). */
    public static ReadScope readScope(Caller caller) {
        return ReadScope.of(caller);
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
