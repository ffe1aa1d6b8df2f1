package io.registry.query.readmodel;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The two read models as a document store: what the projection writes and every reader reads. Gets are realtime (a
 * document is there as soon as it is written); searches see what was written up to the last refresh. Failures of the
 * store itself are thrown unchecked ({@link java.io.UncheckedIOException}).
 */
public interface ReadModelStore {

    Optional<EntityDocument> entity(String entityId);

    Optional<VersionDocument> version(String entityId, String versionId);

    /** The versions of an entity with these ids, in the order given, leaving out those not found (one multi-get). */
    List<VersionDocument> versions(String entityId, List<String> versionIds);

    /**
     * Up to {@code size} versions of an entity strictly older than {@code olderThan} or strictly newer than
     * {@code newerThan} (version numbers; null: no bound), newest first either way, with the number of all the
     * entity's versions from the same search (so the page and the count agree).
     */
    VersionPage versionPage(String entityId, Integer olderThan, Integer newerThan, int size);

    /** One page of an entity's versions, newest first, and how many versions the entity has in all. */
    record VersionPage(List<VersionDocument> items, long total) {
    }

    /**
     * Up to {@code size} descendants of a version (versions listing it among their ancestors) deeper than
     * {@code deeperThan} and at most {@code atMostDepth} deep (null: no bound), by depth, then version number.
     */
    List<VersionDocument> descendants(String entityId, String versionId, Integer deeperThan, Integer atMostDepth,
                                      int size);

    /**
     * Up to {@code size} packages matching {@code search}, strictly past {@code from} in the release order
     * ({@link ReleasePosition#ORDER}): older than it, or with {@code towardsNewer} newer than it (null: from the newest,
     * or the oldest); in release order (newest first) either way. With the number of all matching packages and of
     * those past {@code from}, from the same search (so the page and the counts agree).
     */
    PackagePage packagePage(PackageSearch search, ReleasePosition from, boolean towardsNewer, int size);

    /**
     * One page of a zone's packages, newest release first; {@code total} packages match the search, {@code beyond} of
     * them lie past the position the page started from (in its direction; all of them without one).
     */
    record PackagePage(List<EntityDocument> items, long total, long beyond) {
    }

    /** Whether any entity lives in the zone. */
    boolean zoneExists(String zoneId);

    /** Makes every version written so far visible to searches. */
    void refreshVersions();

    /** Makes every entity written so far visible to searches. */
    void refreshEntities();

    /**
     * Writes each document unless the stored one has a higher {@code last_sequence} (a newer write is never set back);
     * answers the ids of the documents refused for that reason.
     */
    Set<String> writeEntities(Collection<EntityDocument> documents);

    /** As {@link #writeEntities}, for versions. */
    Set<String> writeVersions(Collection<VersionDocument> documents);
}
