package io.registry.eventstore.availability;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The storage engine of the embedded event store's tailing reader (a read that may block: its one reader for every
 * processor that has caught up): it {@link EventAvailability#signal() signals} after each event that reader handed
 * over, and ends each such read after {@code maxEventsPerRead} events. Everything else goes straight to the wrapped
 * engine.
 *
 * <p>Why end the reads: the embedded store's reader keeps the newest event it had when a read began (a local variable of
 * Axon 4.13's {@code EmbeddedEventStore.EventProducer.fetchData}) for as long as the read goes on, and everything it
 * links after that event stays reachable through it, however far behind its cache trims. A read goes on until the
 * event store has nothing newer, so a backlog of 200,000 events (a bulk import, a processor catching up) was held in
 * memory whole and ran a 256 MB and a 448 MB heap out (heap dump: the 106,000 events the read had linked so far, held
 * from that frame). Ended after {@code maxEventsPerRead}, the reader begins the next read at once from where it is, and
 * holds at most that many events besides its cache.
 */
public final class SignallingStorageEngine implements EventStorageEngine {

    private final EventStorageEngine delegate;
    private final EventAvailability availability;
    private final int maxEventsPerRead;

    public SignallingStorageEngine(EventStorageEngine delegate, EventAvailability availability, int maxEventsPerRead) {
        if (maxEventsPerRead < 1) {
            throw new IllegalArgumentException("maxEventsPerRead must be at least 1");
        }
        this.delegate = delegate;
        this.availability = availability;
        this.maxEventsPerRead = maxEventsPerRead;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        Stream<? extends TrackedEventMessage<?>> events = delegate.readEvents(trackingToken, mayBlock);
        return mayBlock ? availability.signallingAfterEach(events).limit(maxEventsPerRead) : events;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        delegate.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return delegate.readEvents(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
