package io.registry.query.projection;

import io.registry.events.EntityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/** The tracking processor that keeps the live read models up to date. */
@ProcessingGroup(LiveProjection.PROCESSING_GROUP)
public class LiveProjection {

    public static final String PROCESSING_GROUP = "versions-projection";
    private static final String BATCH = LiveProjection.class.getName() + ".batch";

    private final ReadModelProjection projection;

    public LiveProjection(ReadModelProjection projection) {
        this.projection = projection;
    }

    /**
     * Collects the processor's batch of events in one projection batch, written to the store just before
     * the processor commits its progress (a failed write rolls the batch back and it is processed again).
     */
    @EventHandler
    void on(EntityEvent event, @SequenceNumber long sequence) {
        if (!CurrentUnitOfWork.isStarted()) {
            projection.apply(event, sequence);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        ReadModelProjection.Batch batch = unitOfWork.getOrComputeResource(BATCH, key -> {
            ReadModelProjection.Batch created = projection.begin();
            unitOfWork.onPrepareCommit(u -> created.flush());
            return created;
        });
        batch.apply(event, sequence);
    }
}
