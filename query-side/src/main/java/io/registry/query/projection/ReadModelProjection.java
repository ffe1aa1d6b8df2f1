package io.registry.query.projection;

import io.registry.events.ActiveVersionChanged;
import io.registry.events.ChannelRemoved;
import io.registry.events.ChannelSet;
import io.registry.events.ChannelTarget;
import io.registry.events.EntityCreated;
import io.registry.events.EntityEvent;
import io.registry.events.EntityShared;
import io.registry.events.EntityUnshared;
import io.registry.events.PublisherGranted;
import io.registry.events.PublisherRevoked;
import io.registry.events.RetentionPolicySet;
import io.registry.events.StoreChanged;
import io.registry.events.UploadExpired;
import io.registry.events.UploadRequested;
import io.registry.events.VersionArchived;
import io.registry.events.VersionConfirmed;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.ReadModelStore;
import io.registry.query.readmodel.VersionDocument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Builds the two read models: one {@link EntityDocument} per entity (access data, counters, the tags of its active
 * version, when its newest version was confirmed, the entity's last applied event sequence) and one
 * {@link VersionDocument} per confirmed version (everything the listings show, plus its lineage).
 *
 * <p>Events are applied in {@link Batch}es: documents are read once, changed in memory and written back whole in two
 * bulk writes (versions, then entities, so an entity's {@code last_sequence} never gets ahead of its versions). Every
 * change sets values rather than accumulating, so applying an event twice changes nothing.
 *
 * <p>Every document is written with an external version: the sequence, in its entity, of the last event that changed
 * it ({@code last_sequence}). The store keeps the newest write whatever order writes arrive in, so a late writer (an
 * instance that lost its segment, a live projection re-applying events a rebuild already wrote) can never set a
 * document back; an event older than what an entity's document already holds is skipped.
 */
public class ReadModelProjection {

    private final ReadModelStore store;
    private final Map<String, EntityDocument> writtenEntities;
    private final Map<String, VersionDocument> writtenVersions;

    public ReadModelProjection(ReadModelStore store) {
        this(store, 0);
    }

    /**
     * @param entityCacheSize how many entity documents to remember after writing them (0: none), and as many version
     *                        documents. A remembered entity document is used only for the event that directly follows
     *                        its {@code last_sequence}, so it is never stale, even when another instance took over the
     *                        entity's segment in between; a remembered version document only while its entity's is (no
     *                        event of the entity was applied elsewhere since). Without them every event would read its
     *                        documents back, and a realtime GET of a document written since the last refresh makes
     *                        Elasticsearch refresh the index first.
     */
    public ReadModelProjection(ReadModelStore store, int entityCacheSize) {
        this.store = store;
        this.writtenEntities = entityCacheSize <= 0 ? null : lru(entityCacheSize);
        this.writtenVersions = entityCacheSize <= 0 ? null : lru(entityCacheSize);
    }

    private static <D> Map<String, D> lru(int size) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, D> eldest) {
                return size() > size;
            }
        });
    }

    public Batch begin() {
        return new Batch();
    }

    /** Applies one event on its own (a batch of one). */
    public void apply(EntityEvent event, long sequence) {
        Batch batch = begin();
        batch.apply(event, sequence);
        batch.flush();
    }

    /** Documents touched by a run of events, kept in memory until {@link #flush()}. */
    public final class Batch {

        private final Map<String, EntityDocument> entities = new LinkedHashMap<>();
        private final Map<String, VersionDocument> versions = new LinkedHashMap<>();
        private final Set<String> dirtyEntities = new LinkedHashSet<>();
        private final Set<String> dirtyVersions = new LinkedHashSet<>();
        /** Entities whose every event so far this projection applied: their remembered versions are current. */
        private final Set<String> continued = new java.util.HashSet<>();
        private int applied;
        private long currentSequence;

        /** Events applied since the last flush. */
        public int size() {
            return applied;
        }

        public void apply(EntityEvent event, long sequence) {
            applied++;
            currentSequence = sequence;
            if (alreadyApplied(event.entityId(), sequence)) {
                return;
            }
            if (event instanceof EntityCreated e) {
                on(e);
            } else if (event instanceof PublisherGranted e) {
                changeEntity(e.entityId(), entity -> entity.withPublisher(e.userId(), true));
            } else if (event instanceof PublisherRevoked e) {
                changeEntity(e.entityId(), entity -> entity.withPublisher(e.userId(), false));
            } else if (event instanceof EntityShared e) {
                changeEntity(e.entityId(), entity -> entity.withShare(e.userId(), true));
            } else if (event instanceof EntityUnshared e) {
                changeEntity(e.entityId(), entity -> entity.withShare(e.userId(), false));
            } else if (event instanceof StoreChanged e) {
                changeEntity(e.entityId(), entity -> entity.withStore(e.store()));
            } else if (event instanceof VersionConfirmed e) {
                on(e);
            } else if (event instanceof ActiveVersionChanged e) {
                on(e);
            } else if (event instanceof VersionArchived e) {
                changeVersion(e.entityId(), e.versionId(), version -> version.withArchivedAt(e.archivedAt()));
            } else if (event instanceof ChannelSet e) {
                pointChannel(e.entityId(), e.channel(), e.previousTargets(), e.targets());
            } else if (event instanceof ChannelRemoved e) {
                pointChannel(e.entityId(), e.channel(), e.previousTargets(), null);
            } else if (event instanceof RetentionPolicySet e) {
                changeEntity(e.entityId(), entity -> entity.withRetentionPolicy(e.policy()));
            } else if (!(event instanceof UploadRequested) && !(event instanceof UploadExpired)) {
                throw new IllegalArgumentException("No projection for " + event.getClass().getName());
            }
            changeEntity(event.entityId(), entity -> entity.withLastSequence(sequence));
        }

        /** How many documents the batch holds in memory (changed or only read). */
        public int documents() {
            return entities.size() + versions.size();
        }

        /** Writes every changed document; the batch can be reused afterwards (documents stay cached). */
        public void flush() {
            Changes changes = takeChanges();
            Set<String> refused = write(changes);
            forget(refused);
            if (writtenEntities != null) {
                for (EntityDocument written : changes.entities()) {
                    if (!refused.contains(written.entityId())) {
                        writtenEntities.put(written.entityId(), entities.get(written.entityId()));
                    }
                }
                for (VersionDocument written : changes.versions()) {
                    if (!refused.contains(written.docId())) {
                        writtenVersions.put(written.docId(), written);
                    }
                }
            }
        }

        /**
         * The changed documents, taken out of the batch so that another thread can {@link #write} them while this one
         * goes on applying events (the documents are immutable: later changes make new ones).
         */
        public Changes takeChanges() {
            Changes changes = new Changes(dirtyVersions.stream().map(versions::get).toList(),
                    dirtyEntities.stream().map(entities::get).toList());
            dirtyVersions.clear();
            dirtyEntities.clear();
            applied = 0;
            return changes;
        }

        /** Forgets documents the store refused (it holds newer writes of them): they are read again when needed. */
        public void forget(Set<String> refused) {
            for (String id : refused) {
                versions.remove(id);
                entities.remove(id);
                if (writtenEntities != null) {
                    writtenEntities.remove(id);
                    writtenVersions.remove(id);
                }
            }
        }

        /** Forgets the cached documents (after a flush), to bound memory on long replays. */
        public void clear() {
            entities.clear();
            versions.clear();
            continued.clear();
            applied = 0;
        }

        /** Whether the entity's document already holds this event (or a later one): then there is nothing to do. */
        private boolean alreadyApplied(String entityId, long sequence) {
            EntityDocument document = entities.get(entityId);
            if (document == null) {
                document = remembered(entityId);
                if (document != null) {
                    entities.put(entityId, document);
                    continued.add(entityId);
                    return false;
                }
                document = store.entity(entityId).orElse(null);
                if (document == null) {
                    return false;
                }
                entities.put(entityId, document);
            }
            return document.lastSequence() >= sequence;
        }

        private void on(EntityCreated e) {
            entities.put(e.entityId(), EntityDocument.created(e, currentSequence));
            dirtyEntities.add(e.entityId());
        }

        private void on(VersionConfirmed e) {
            EntityDocument entity = entity(e.entityId());
            VersionDocument base = e.baseVersionId() == null ? null : version(e.entityId(), e.baseVersionId());
            VersionDocument confirmed = VersionDocument.confirmed(e, entity, base, currentSequence);
            versions.put(confirmed.docId(), confirmed);
            dirtyVersions.add(confirmed.docId());
            changeEntity(e.entityId(), changed -> changed.withLatestVersion(e.version(), e.confirmedAt()));
        }

        private void on(ActiveVersionChanged e) {
            if (e.previousVersionId() != null && !e.previousVersionId().equals(e.versionId())) {
                changeVersion(e.entityId(), e.previousVersionId(), version -> version.withActive(false));
            }
            changeVersion(e.entityId(), e.versionId(), version -> version.withActive(true));
            VersionDocument active = version(e.entityId(), e.versionId());
            changeEntity(e.entityId(), entity -> entity.withActiveVersion(active));
        }

        /** A channel moves from {@code previous} to {@code targets} (null: none): on the entity and on each version. */
        private void pointChannel(String entityId, String channel, List<ChannelTarget> previous,
                                  List<ChannelTarget> targets) {
            List<ChannelTarget> now = targets == null ? List.of() : targets;
            for (ChannelTarget left : previous == null ? List.<ChannelTarget>of() : previous) {
                if (now.stream().noneMatch(target -> target.versionId().equals(left.versionId()))) {
                    changeVersion(entityId, left.versionId(), version -> version.withChannel(channel, false));
                }
            }
            for (ChannelTarget target : now) {
                changeVersion(entityId, target.versionId(), version -> version.withChannel(channel, true));
            }
            changeEntity(entityId, entity -> entity.withChannel(channel, targets));
        }

        private void changeEntity(String entityId, UnaryOperator<EntityDocument> change) {
            entities.put(entityId, change.apply(entity(entityId)));
            dirtyEntities.add(entityId);
        }

        /** Changes a version's document; the current event becomes its last. */
        private void changeVersion(String entityId, String versionId, UnaryOperator<VersionDocument> change) {
            VersionDocument changed = change.apply(version(entityId, versionId)).withLastSequence(currentSequence);
            versions.put(changed.docId(), changed);
            dirtyVersions.add(changed.docId());
        }

        /** The entity's document, loaded once per batch. */
        private EntityDocument entity(String entityId) {
            EntityDocument document = entities.get(entityId);
            if (document == null) {
                EntityDocument remembered = remembered(entityId);
                if (remembered != null) {
                    continued.add(entityId);
                }
                document = remembered != null ? remembered : store.entity(entityId).orElseThrow(
                        () -> new IllegalStateException("Entity " + entityId + " is not in the read model yet"));
                entities.put(entityId, document);
            }
            return document;
        }

        /** A version's document, loaded once per batch. */
        private VersionDocument version(String entityId, String versionId) {
            String id = VersionDocument.docId(entityId, versionId);
            VersionDocument document = versions.get(id);
            if (document == null && writtenVersions != null && continued.contains(entityId)) {
                document = writtenVersions.get(id);
            }
            if (document == null) {
                document = store.version(entityId, versionId).orElseThrow(
                        () -> new IllegalStateException("Version " + id + " is not in the read model yet"));
                versions.put(id, document);
            }
            return document;
        }

        /** The entity's document as last written here, when the current event directly follows it; else null. */
        private EntityDocument remembered(String entityId) {
            EntityDocument remembered = writtenEntities == null ? null : writtenEntities.get(entityId);
            return remembered != null && remembered.lastSequence() == currentSequence - 1 ? remembered : null;
        }

    }

    /** Changed documents to write: versions first, then entities. */
    public record Changes(List<VersionDocument> versions, List<EntityDocument> entities) {

        public boolean isEmpty() {
            return versions.isEmpty() && entities.isEmpty();
        }
    }

    /**
     * Writes changes, versions before entities (so an entity's {@code last_sequence} never gets ahead of its versions);
     * answers the ids of the documents the store refused because it holds a newer write of them.
     */
    public Set<String> write(Changes changes) {
        Set<String> refused = new LinkedHashSet<>();
        if (!changes.versions().isEmpty()) {
            refused.addAll(store.writeVersions(changes.versions()));
        }
        if (!changes.entities().isEmpty()) {
            refused.addAll(store.writeEntities(changes.entities()));
        }
        return refused;
    }
}
