package io.registry.query.readmodel;

import io.registry.access.ReadScope;
import io.registry.events.OwnerType;

import java.util.List;

/**
 * Which packages of a zone a listing shows: those {@code readers} may read, whose name or description holds every word
 * of {@code text} (the last one as a prefix; null: any), whose active version carries every one of {@code tags}, of
 * {@code ownerType} (null: any).
 */
public record PackageSearch(String zoneId, ReadScope readers, String text, List<String> tags, OwnerType ownerType) {

    public PackageSearch {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
