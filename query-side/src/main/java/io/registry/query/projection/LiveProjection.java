package io.registry.query.projection;

import io.registry.events.EntityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.io.IOException;

/** The tracking processor that keeps the live read models up to date. */
@ProcessingGroup(LiveProjection.PROCESSING_GROUP)
public class LiveProjection {

    public static final String PROCESSING_GROUP = "versions-projection";
    private static final String BATCH = LiveProjection.class.getName() + ".batch";

    private final VersionsProjection projection;

    public LiveProjection(VersionsProjection projection) {
        this.projection = projection;
    }

    /**
     * Collects the processor's batch of events in one projection batch, written to Elasticsearch just before
     * the processor commits its progress (a failed write rolls the batch back and it is processed again).
     */
    @EventHandler
    void on(EntityEvent event, @SequenceNumber long sequence) throws IOException {
        if (!CurrentUnitOfWork.isStarted()) {
            projection.apply(event, sequence);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        VersionsProjection.Batch batch = unitOfWork.getOrComputeResource(BATCH, key -> {
            VersionsProjection.Batch created = projection.begin();
            unitOfWork.onPrepareCommit(u -> {
                try {
                    created.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return created;
        });
        batch.apply(event, sequence);
    }
}
