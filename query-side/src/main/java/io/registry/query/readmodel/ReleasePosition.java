package io.registry.query.readmodel;

import java.time.Instant;
import java.util.Comparator;

/**
 * Where an entity stands in the release order of a zone's packages: most recently released first (its
 * {@code latest_version_at}, to the millisecond as the index compares dates), entities without a version last, and the
 * entity id (ascending) between equals. Every entity has exactly one position, so a position is a page boundary that
 * no two entities share.
 *
 * @param latestVersionAt epoch milliseconds of {@code latest_version_at}; null when the entity has no version yet
 */
public record ReleasePosition(Long latestVersionAt, String entityId) {

    /** Newest first: the order of the listing. */
    public static final Comparator<ReleasePosition> ORDER = Comparator
            .comparing(ReleasePosition::latestVersionAt, Comparator.nullsLast(Comparator.<Long>reverseOrder()))
            .thenComparing(ReleasePosition::entityId);

    public static ReleasePosition of(EntityDocument entity) {
        Instant latest = entity.latestVersionAt();
        return new ReleasePosition(latest == null ? null : latest.toEpochMilli(), entity.entityId());
    }

    /** Whether this position comes after {@code other} in the listing (released less recently). */
    public boolean isOlderThan(ReleasePosition other) {
        return ORDER.compare(this, other) > 0;
    }
}
