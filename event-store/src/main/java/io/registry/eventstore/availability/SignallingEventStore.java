package io.registry.eventstore.availability;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
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
 *
 * <p>Each stream also re-attaches to the store at least every {@code reattach} while it is being read (see
 * {@link ReattachingStream}): a race in the embedded store can leave a stream holding every event its reader fetched
 * since, until that stream catches up (during a 200,000-event catch-up: the whole backlog). With the reads bounded
 * ({@link SignallingStorageEngine}) such a catch-up passed in 256 MB twice and still ran 320 MB out once.
 */
public class SignallingEventStore extends EmbeddedEventStore {

    private final EventAvailability availability;
    private final ScheduledExecutorService recheck;
    private final long reattachNanos;

    public SignallingEventStore(Builder builder, EventAvailability availability, Duration recheckEvery,
                                Duration reattachEvery) {
        super(builder);
        this.availability = availability;
        this.reattachNanos = reattachEvery.toNanos();
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
        return new ReattachingStream(trackingToken, super::openStream, availability, reattachNanos);
    }

    /**
     * The store's stream, plus the availability callback, re-opened at the last event it handed out at least every
     * {@code reattachNanos}.
     *
     * <p>Why re-open: the embedded store reads new events into one linked list that caught-up streams share; a stream
     * remembers its node in it, and everything after that node stays reachable through it. A stream that falls more
     * than the cache behind is sent to a private read by the store's cleaner (another thread), which also forgets its
     * node; but when that happens while the stream is taking its next node, the stream can remember that node again
     * after it was sent away, and then keeps every event read since reachable until its private read has caught up
     * (a race in Axon 4.13's {@code EmbeddedEventStore}: the cleaner's {@code stopTailingGlobalStream} against
     * {@code peekGlobalStream}). Closing the stream and opening a new one at the same position drops that node: the
     * new stream finds its place in the shared list when it is there, else reads privately from the event store.
     *
     * <p>It only re-opens when the store's stream holds no event it peeked at and before the reader asks for the next
     * event group ({@link #hasNextAvailable}): events are never handed out twice or skipped. The pooled processor reads
     * a stream from one thread at a time.
     */
    static final class ReattachingStream implements TrackingEventStream {

        private final Function<TrackingToken, TrackingEventStream> opener;
        private final EventAvailability availability;
        private final long reattachNanos;
        private TrackingEventStream delegate;
        private TrackingToken position;
        private boolean delegateHoldsPeeked;
        private long attachedAt;
        private volatile Runnable callback;

        ReattachingStream(TrackingToken start, Function<TrackingToken, TrackingEventStream> opener,
                          EventAvailability availability, long reattachNanos) {
            this.opener = opener;
            this.availability = availability;
            this.reattachNanos = reattachNanos;
            this.position = start;
            this.delegate = opener.apply(start);
            this.attachedAt = System.nanoTime();
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
        public synchronized void close() {
            Runnable registered = callback;
            if (registered != null) {
                availability.remove(registered);
            }
            delegate.close();
        }

        @Override
        public synchronized Optional<TrackedEventMessage<?>> peek() {
            Optional<TrackedEventMessage<?>> next = delegate.peek();
            delegateHoldsPeeked |= next.isPresent();
            return next;
        }

        @Override
        public synchronized boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            reattachIfDue();
            boolean available = delegate.hasNextAvailable(timeout, unit);
            delegateHoldsPeeked |= available;
            return available;
        }

        @Override
        public synchronized TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            TrackedEventMessage<?> next = delegate.nextAvailable();
            delegateHoldsPeeked = false;
            position = next.trackingToken();
            return next;
        }

        @Override
        public synchronized void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        private void reattachIfDue() {
            long now = System.nanoTime();
            if (delegateHoldsPeeked || now - attachedAt < reattachNanos) {
                return;
            }
            delegate.close();
            delegate = opener.apply(position);
            attachedAt = now;
        }
    }
}
