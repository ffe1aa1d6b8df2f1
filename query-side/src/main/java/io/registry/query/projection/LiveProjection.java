package io.registry.query.projection;

import io.registry.events.EntityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

import java.io.IOException;

/** The tracking processor that keeps the live read models up to date. */
@ProcessingGroup(LiveProjection.PROCESSING_GROUP)
public class LiveProjection {

    public static final String PROCESSING_GROUP = "versions-projection";

    private final VersionsProjection projection;

    public LiveProjection(VersionsProjection projection) {
        this.projection = projection;
    }

    @EventHandler
    void on(EntityEvent event, @SequenceNumber long sequence) throws IOException {
        projection.apply(event, sequence);
    }
}
