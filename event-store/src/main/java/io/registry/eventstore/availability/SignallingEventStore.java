package io.registry.eventstore.availability;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Axon's embedded event store whose streams accept an "events available" callback ({@link EventAvailability}), so
 * that a pooled streaming processor handles an event as soon as the store's reader has fetched it, instead of at its
 * next 500 ms poll. The builder's storage engine must be {@link SignallingStorageEngine} over the same availability.
 *
 * <p>Once a processor takes the callback it no longer polls every 500 ms but only every token claim interval (5 s).
 * So that a missed signal (a stream still reading privately, behind the shared reader, when its events arrived) never
 * costs more than the old poll did, every listener is also signalled every {@code recheck}.
 */
public class SignallingEventStore extends EmbeddedEventStore {

    private final EventAvailability availability;
    private final ScheduledExecutorService recheck;

    public SignallingEventStore(Builder builder, EventAvailability availability, Duration recheckEvery) {
        super(builder);
        this.availability = availability;
        this.recheck = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-availability-recheck");
            thread.setDaemon(true);
            return thread;
        });
        long period = recheckEvery.toMillis();
        recheck.scheduleAtFixedRate(availability::signal, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void shutDown() {
        recheck.shutdownNow();
        super.shutDown();
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new CallbackStream(super.openStream(trackingToken), availability);
    }

    /** The store's stream, plus the callback. */
    private static final class CallbackStream implements TrackingEventStream {

        private final TrackingEventStream delegate;
        private final EventAvailability availability;
        private volatile Runnable callback;

        private CallbackStream(TrackingEventStream delegate, EventAvailability availability) {
            this.delegate = delegate;
            this.availability = availability;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                availability.remove(previous);
            }
            this.callback = callback;
            availability.add(callback);
            return true;
        }

        @Override
        public void close() {
            Runnable registered = callback;
            if (registered != null) {
                availability.remove(registered);
            }
            delegate.close();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }
    }
}
