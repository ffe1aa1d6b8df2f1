package io.registry.access;

import io.registry.events.Store;

/**
 * The read rule of {@link AccessPolicy} as a description of every entity one caller may read, for readers that select
 * many entities at once (a search) rather than check one: every entity when {@code everything} (an admin); otherwise
 * those that list {@code userId} among their publishers or the users they are shared with, those whose store is
 * {@code public}, and, when {@code organizationId} is not null, those of that organization whose store is {@code org}.
 * {@link #admits} is that rule for one entity: {@link AccessPolicy#canRead} answers with it.
 */
public record ReadScope(boolean everything, String userId, String organizationId) {

    public static ReadScope of(Caller caller) {
        return new ReadScope(caller.isAdmin(), caller.userId(), caller.organizationId());
    }

    public boolean admits(EntityAccess entity) {
        if (everything || entity.publishers().contains(userId) || entity.sharedWith().contains(userId)) {
            return true;
        }
        if (entity.store() == Store.PUBLIC) {
            return true;
        }
        return entity.store() == Store.ORG && organizationId != null
                && organizationId.equals(entity.organizationId());
    }
}
