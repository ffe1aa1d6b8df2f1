package io.registry.query.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.registry.events.EntityEvent;
import io.registry.query.elastic.ElasticsearchReadModelStore;
import io.registry.query.elastic.IndexTarget;
import io.registry.query.elastic.ReadModelIndices;
import io.registry.query.projection.LiveProjection;
import io.registry.query.projection.ReadModelProjection;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import io.registry.eventstore.ProcessorTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds the read models from the event store without an outage: replays every event into new
 * indices while the live ones keep answering, then, once caught up, stops the live projection on every
 * instance (this node's processor is shut down, and a {@link ProjectionFence} takes every segment's claim in the
 * shared token store from the others), replays up to the furthest token, swaps both aliases in one atomic request
 * and gives the segments back. The live projection then goes on from its tokens into the new indices (events it
 * applies again are skipped or refused by the documents' external versions). The old indices are deleted afterwards.
 * Any query-side instance may run it while the others keep running.
 */
public class ReadModelRebuild {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final DateTimeFormatter SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /** Events per bulk write during a rebuild. */
    private static final int FLUSH_EVERY = 2_000;
    /**
     * Documents kept in memory from one bulk write to the next. Only the rebuild writes its new indices, so what it
     * wrote is what they hold: an event whose documents are still here needs no read, and a realtime GET of a document
     * written since the last refresh makes Elasticsearch refresh the index first (a tiny segment per batch).
     */
    private static final int KEEP_DOCUMENTS = 5_000;

    public enum Phase { IDLE, REPLAYING, SWITCHING, DONE, FAILED }

    /** What {@code GET /admin/read-models/rebuild} shows. */
    public record Status(Phase phase, String startedBy, Instant startedAt, Instant finishedAt, long eventsApplied,
                         long position, long head, String versionsIndex, String entitiesIndex, String error) {

        public double percent() {
            return head <= 0 ? (phase == Phase.DONE ? 100.0 : 0.0) : Math.min(100.0, 100.0 * position / head);
        }
    }

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final ElasticsearchClient client;
    private final ReadModelIndices indices;
    private final ProcessorTokens tokens;
    private final Clock clock;
    private final ProjectionFence fence;
    private final AtomicReference<Status> status = new AtomicReference<>(
            new Status(Phase.IDLE, null, null, null, 0, 0, 0, null, null, null));

    public ReadModelRebuild(EventStore eventStore, EventProcessingConfiguration processing, ElasticsearchClient client,
                            ReadModelIndices indices, JdbcTemplate jdbc, ProcessorTokens tokens, Clock clock,
                            String nodeId) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.client = client;
        this.indices = indices;
        this.tokens = tokens;
        this.clock = clock;
        this.fence = new ProjectionFence(jdbc, LiveProjection.PROCESSING_GROUP, "read-model-rebuild@" + nodeId, clock);
    }

    public Status status() {
        return status.get();
    }

    /** Starts a rebuild in the background; false when one is already running. */
    public synchronized boolean start(String startedBy) {
        Phase phase = status.get().phase();
        if (phase == Phase.REPLAYING || phase == Phase.SWITCHING) {
            return false;
        }
        String suffix = SUFFIX.format(clock.instant());
        status.set(new Status(Phase.REPLAYING, startedBy, clock.instant(), null, 0, 0, head(),
                indices.versions() + "-" + suffix, indices.entities() + "-" + suffix, null));
        Thread worker = new Thread(() -> run(suffix), "read-model-rebuild");
        worker.setDaemon(true);
        worker.start();
        return true;
    }

    private void run(String suffix) {
        StreamingEventProcessor live = processing
                .eventProcessor(LiveProjection.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
        boolean livePaused = false;
        PipelinedWriter writer = null;
        String versionsIndex = null;
        String entitiesIndex = null;
        try {
            versionsIndex = indices.create(indices.versions(), suffix);
            entitiesIndex = indices.create(indices.entities(), suffix);
            indices.bulkLoading(versionsIndex, entitiesIndex);
            ReadModelProjection rebuilt = new ReadModelProjection(new ElasticsearchReadModelStore(client,
                    new IndexTarget(versionsIndex, entitiesIndex), null));
            ReadModelProjection.Batch projection = rebuilt.begin();
            writer = new PipelinedWriter(rebuilt, projection);
            log.info("Read-model rebuild into {} and {} started", versionsIndex, entitiesIndex);
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
                long lastReport = System.nanoTime();
                while (stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
                    apply(projection, stream.nextAvailable());
                    if (!stream.hasNextAvailable() || projection.size() >= FLUSH_EVERY) {
                        writer.flush();
                    }
                    if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                        lastReport = System.nanoTime();
                        Status s = status.get();
                        log.info("Read-model rebuild: {} events applied, position {} of {} ({}%)",
                                s.eventsApplied(), s.position(), s.head(), String.format("%.1f", s.percent()));
                    }
                }
                update(Phase.SWITCHING, null);
                live.shutDown();
                livePaused = true;
                fence.hold();
                long livePosition = livePosition();
                long renewed = System.nanoTime();
                while (status.get().position() < livePosition) {
                    if (stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        apply(projection, stream.nextAvailable());
                    }
                    if (System.nanoTime() - renewed > TimeUnit.SECONDS.toNanos(2)) {
                        fence.hold();
                        renewed = System.nanoTime();
                    }
                }
                writer.flush();
                writer.awaitWritten();
            }
            swapAliases(versionsIndex, entitiesIndex);
            fence.release();
            live.start();
            livePaused = false;
            Status s = status.get();
            status.set(new Status(Phase.DONE, s.startedBy(), s.startedAt(), clock.instant(), s.eventsApplied(),
                    s.position(), Math.max(s.head(), s.position()), versionsIndex, entitiesIndex, null));
            log.info("Read-model rebuild done: {} events applied, aliases now point at {} and {}",
                    s.eventsApplied(), versionsIndex, entitiesIndex);
        } catch (Exception e) {
            log.error("Read-model rebuild failed; the live read models are unchanged", e);
            update(Phase.FAILED, e.toString());
            deleteQuietly(versionsIndex);
            deleteQuietly(entitiesIndex);
        } finally {
            if (writer != null) {
                writer.close();
            }
            if (livePaused) {
                fence.release();
                live.start();
            }
        }
    }

    /**
     * Writes a batch's changes on a thread of its own while the rebuild goes on reading and applying the next events
     * (reading, deserializing and applying take about as long as Elasticsearch takes to index the result). One write in
     * flight at a time, so writes land in order; the rebuild waits for the previous one before handing over the next.
     */
    private static final class PipelinedWriter implements AutoCloseable {

        private final ReadModelProjection projection;
        private final ReadModelProjection.Batch batch;
        private final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors
                .newSingleThreadExecutor(runnable -> {
                    Thread writer = new Thread(runnable, "read-model-rebuild-writer");
                    writer.setDaemon(true);
                    return writer;
                });
        private java.util.concurrent.Future<Set<String>> inFlight;

        PipelinedWriter(ReadModelProjection projection, ReadModelProjection.Batch batch) {
            this.projection = projection;
            this.batch = batch;
        }

        /**
         * Hands the batch's changes to the writer (after the previous write landed). Every document in flight stays
         * in the batch, so the rebuild never reads one from the index before it is there; when the batch holds more
         * than {@link #KEEP_DOCUMENTS}, this write is made here and the batch emptied, with nothing in flight.
         */
        void flush() throws Exception {
            awaitWritten();
            ReadModelProjection.Changes changes = batch.takeChanges();
            if (batch.documents() > KEEP_DOCUMENTS) {
                batch.forget(projection.write(changes));
                batch.clear();
            } else if (!changes.isEmpty()) {
                inFlight = thread.submit(() -> projection.write(changes));
            }
        }

        /** Waits for the write in flight; the documents the store refused are read again when needed. */
        void awaitWritten() throws Exception {
            if (inFlight != null) {
                Set<String> refused;
                try {
                    refused = inFlight.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                } finally {
                    inFlight = null;
                }
                batch.forget(refused);
            }
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    private void apply(ReadModelProjection.Batch projection, TrackedEventMessage<?> message) throws Exception {
        if (message.getPayload() instanceof EntityEvent event && message instanceof DomainEventMessage<?> domain) {
            projection.apply(event, domain.getSequenceNumber());
        }
        OptionalLong position = message.trackingToken().position();
        Status s = status.get();
        status.set(new Status(s.phase(), s.startedBy(), s.startedAt(), null, s.eventsApplied() + 1,
                position.orElse(s.position()), Math.max(s.head(), position.orElse(0)), s.versionsIndex(),
                s.entitiesIndex(), null));
        if (s.head() > 0 && position.orElse(0) >= s.head()) {
            refreshHead();
        }
    }

    /** The furthest position any segment of the (fenced) live projection had reached. */
    private long livePosition() {
        return tokens.segments().stream().filter(s -> s.processor().equals(LiveProjection.PROCESSING_GROUP))
                .mapToLong(s -> s.position() == null ? 0 : s.position()).max().orElse(0);
    }

    private void swapAliases(String versionsIndex, String entitiesIndex) throws Exception {
        indices.serving(versionsIndex, entitiesIndex);
        Set<String> oldVersions = indices.indicesOf(indices.versions());
        Set<String> oldEntities = indices.indicesOf(indices.entities());
        client.indices().updateAliases(u -> {
            oldVersions.forEach(old -> u.actions(a -> a.remove(r -> r.index(old).alias(indices.versions()))));
            oldEntities.forEach(old -> u.actions(a -> a.remove(r -> r.index(old).alias(indices.entities()))));
            u.actions(a -> a.add(add -> add.index(versionsIndex).alias(indices.versions())));
            u.actions(a -> a.add(add -> add.index(entitiesIndex).alias(indices.entities())));
            return u;
        });
        oldVersions.forEach(this::deleteQuietly);
        oldEntities.forEach(this::deleteQuietly);
    }

    private void refreshHead() {
        Status s = status.get();
        status.set(new Status(s.phase(), s.startedBy(), s.startedAt(), s.finishedAt(), s.eventsApplied(),
                s.position(), Math.max(head(), s.position()), s.versionsIndex(), s.entitiesIndex(), s.error()));
    }

    private long head() {
        return tokens.head();
    }

    private void update(Phase phase, String error) {
        Status s = status.get();
        status.set(new Status(phase, s.startedBy(), s.startedAt(),
                phase == Phase.FAILED ? clock.instant() : null, s.eventsApplied(), s.position(),
                Math.max(s.head(), head()), s.versionsIndex(), s.entitiesIndex(), error));
    }

    private void deleteQuietly(String index) {
        if (index == null) {
            return;
        }
        try {
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
        } catch (Exception e) {
            log.warn("Could not delete index {}: {}", index, e.toString());
        }
    }
}
