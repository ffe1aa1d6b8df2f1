package io.registry.query.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.events.EventJson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The read models in memory, with the semantics the Elasticsearch store has: documents kept as the JSON the
 * Elasticsearch client writes (so the field names are exercised), gets and multi-gets realtime, searches over what
 * was written up to the last refresh, and writes versioned {@code external_gte} by {@code last_sequence} (an older
 * write is refused, as Elasticsearch answers 409). It also counts what was asked of it.
 */
public class InMemoryReadModelStore implements ReadModelStore {

    /** Configured as the Elasticsearch client's mapper is. */
    static final ObjectMapper JSON = EventJson.configure(new ObjectMapper());

    private final Index entities = new Index();
    private final Index versions = new Index();
    private final List<List<String>> bulkWrites = new ArrayList<>();
    private int versionGets;
    private int entityGets;
    private int refreshes;

    private static final class Index {
        final Map<String, String> documents = new HashMap<>();
        final Map<String, Long> externalVersions = new HashMap<>();
        Map<String, String> searchable = Map.of();

        void refresh() {
            searchable = Map.copyOf(documents);
        }
    }

    @Override
    public synchronized Optional<EntityDocument> entity(String entityId) {
        entityGets++;
        return Optional.ofNullable(entities.documents.get(entityId)).map(json -> read(json, EntityDocument.class));
    }

    @Override
    public synchronized Optional<VersionDocument> version(String entityId, String versionId) {
        versionGets++;
        return Optional.ofNullable(versions.documents.get(VersionDocument.docId(entityId, versionId)))
                .map(json -> read(json, VersionDocument.class));
    }

    @Override
    public synchronized List<VersionDocument> versions(String entityId, List<String> versionIds) {
        return versionIds.stream().map(id -> versions.documents.get(VersionDocument.docId(entityId, id)))
                .filter(Objects::nonNull).map(json -> read(json, VersionDocument.class)).toList();
    }

    @Override
    public synchronized VersionPage versionPage(String entityId, Integer olderThan, Integer newerThan, int size) {
        List<VersionDocument> all = searchableVersions().filter(v -> v.entityId().equals(entityId)).toList();
        Predicate<VersionDocument> window = v -> (olderThan == null || v.versionNumber() < olderThan)
                && (newerThan == null || v.versionNumber() > newerThan);
        Comparator<VersionDocument> byNumber = Comparator.comparingInt(VersionDocument::versionNumber);
        List<VersionDocument> page = new ArrayList<>(all.stream().filter(window)
                .sorted(newerThan != null ? byNumber : byNumber.reversed()).limit(size).toList());
        if (newerThan != null) {
            page.sort(byNumber.reversed());
        }
        return new VersionPage(page, all.size());
    }

    @Override
    public synchronized List<VersionDocument> descendants(String entityId, String versionId, Integer deeperThan,
                                                          Integer atMostDepth, int size) {
        return searchableVersions()
                .filter(v -> v.entityId().equals(entityId) && v.ancestors().contains(versionId))
                .filter(v -> (deeperThan == null || v.depth() > deeperThan)
                        && (atMostDepth == null || v.depth() <= atMostDepth))
                .sorted(Comparator.comparingInt(VersionDocument::depth)
                        .thenComparingInt(VersionDocument::versionNumber))
                .limit(size).toList();
    }

    /**
     * As Elasticsearch searches the entities: the readers' filter is {@link io.registry.access.ReadScope#admits}, the
     * text matches as {@code match_bool_prefix} with {@code operator: and} over name and description (every word a
     * word of either, the last one as a prefix; words are runs of letters and digits, lowercased).
     */
    @Override
    public synchronized PackagePage packagePage(PackageSearch search, ReleasePosition from, boolean towardsNewer,
                                                int size) {
        List<EntityDocument> matching = searchableEntities().filter(e -> e.zoneId().equals(search.zoneId()))
                .filter(e -> search.readers().admits(e.access()))
                .filter(e -> search.ownerType() == null || search.ownerType() == e.ownerType())
                .filter(e -> search.tags().isEmpty() || e.tags() != null && e.tags().containsAll(search.tags()))
                .filter(e -> search.text() == null || matchesText(search.text(), e))
                .toList();
        Comparator<EntityDocument> newestFirst = Comparator.comparing(ReleasePosition::of, ReleasePosition.ORDER);
        List<EntityDocument> beyond = matching.stream()
                .filter(e -> from == null || (towardsNewer ? from.isOlderThan(ReleasePosition.of(e))
                        : ReleasePosition.of(e).isOlderThan(from)))
                .sorted(towardsNewer ? newestFirst.reversed() : newestFirst).toList();
        List<EntityDocument> page = new ArrayList<>(beyond.subList(0, Math.min(size, beyond.size())));
        page.sort(newestFirst);
        return new PackagePage(page, matching.size(), beyond.size());
    }

    private static boolean matchesText(String text, EntityDocument entity) {
        List<String> words = words(text);
        List<String> found = words((entity.name() == null ? "" : entity.name()) + " "
                + (entity.description() == null ? "" : entity.description()));
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            boolean last = i == words.size() - 1;
            if (found.stream().noneMatch(f -> last ? f.startsWith(word) : f.equals(word))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty())
                .toList();
    }

    @Override
    public synchronized boolean zoneExists(String zoneId) {
        return entities.searchable.values().stream().map(json -> read(json, EntityDocument.class))
                .anyMatch(e -> zoneId.equals(e.zoneId()));
    }

    @Override
    public synchronized void refreshVersions() {
        refreshes++;
        versions.refresh();
    }

    @Override
    public synchronized void refreshEntities() {
        entities.refresh();
    }

    /** Makes everything written so far visible to searches (Elasticsearch does so within a second). */
    public synchronized void refresh() {
        entities.refresh();
        versions.refresh();
    }

    @Override
    public synchronized Set<String> writeEntities(Collection<EntityDocument> documents) {
        return write(entities, documents);
    }

    @Override
    public synchronized Set<String> writeVersions(Collection<VersionDocument> documents) {
        return write(versions, documents);
    }

    private Set<String> write(Index index, Collection<? extends ReadModelDocument> documents) {
        bulkWrites.add(documents.stream().map(ReadModelDocument::docId).toList());
        Set<String> refused = new LinkedHashSet<>();
        for (ReadModelDocument document : documents) {
            Long stored = index.externalVersions.get(document.docId());
            if (stored != null && stored > document.lastSequence()) {
                refused.add(document.docId());
                continue;
            }
            index.documents.put(document.docId(), write(document));
            index.externalVersions.put(document.docId(), document.lastSequence());
        }
        return refused;
    }

    /** The ids of each bulk write so far, in order. */
    public synchronized List<List<String>> bulkWrites() {
        return List.copyOf(bulkWrites);
    }

    /** How many times a version document was read by id. */
    public synchronized int versionGets() {
        return versionGets;
    }

    /** How many times an entity document was read by id. */
    public synchronized int entityGets() {
        return entityGets;
    }

    /** How many times the versions were refreshed on request. */
    public synchronized int refreshes() {
        return refreshes;
    }

    /** The stored JSON of a document, as Elasticsearch would hold it. */
    public synchronized String storedVersionJson(String entityId, String versionId) {
        return versions.documents.get(VersionDocument.docId(entityId, versionId));
    }

    private Stream<EntityDocument> searchableEntities() {
        return entities.searchable.values().stream().map(json -> read(json, EntityDocument.class));
    }

    private Stream<VersionDocument> searchableVersions() {
        return versions.searchable.values().stream().map(json -> read(json, VersionDocument.class));
    }

    private static String write(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <D> D read(String json, Class<D> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
