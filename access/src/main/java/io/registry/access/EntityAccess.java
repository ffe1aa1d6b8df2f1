package io.registry.access;

import io.registry.events.OwnerType;
import io.registry.events.Store;

import java.util.Set;

/** What decides who may read or publish an entity. */
public record EntityAccess(OwnerType ownerType, String organizationId, Store store, Set<String> publishers,
                           Set<String> sharedWith) {
}
