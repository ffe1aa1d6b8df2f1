package io.registry.query;

import io.registry.events.EntityEvent;
import io.registry.query.projection.ReadModelProjection;
import io.registry.query.readmodel.InMemoryReadModelStore;

import java.util.HashMap;
import java.util.Map;

/** The read models in memory, built by the projection from the facts a test gives. */
public final class ReadModelFixture {

    public final InMemoryReadModelStore store = new InMemoryReadModelStore();
    private final ReadModelProjection projection = new ReadModelProjection(store);
    private final Map<String, Long> lastSequences = new HashMap<>();

    /** Projects the events, each as the next event of its entity, one at a time; then searches see them. */
    public ReadModelFixture given(EntityEvent... events) {
        for (EntityEvent event : events) {
            long sequence = lastSequences.merge(event.entityId(), 0L, (last, zero) -> last + 1);
            projection.apply(event, sequence);
        }
        store.refresh();
        return this;
    }

    /** The sequence of the entity's last event given so far. */
    public long lastSequence(String entityId) {
        return lastSequences.get(entityId);
    }
}
