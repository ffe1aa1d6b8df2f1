package io.registry.eventstore.availability;

import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Tells the event processors of this JVM that new events can be read, the moment the event store has them.
 *
 * <p>Why: Axon's pooled streaming processor asks its event stream for an "events available" callback; the embedded
 * event store's streams offer none, so an idle processor looks again only every 500 ms, and every event waited
 * 250 ms on average before its projection or the Kafka forwarder saw it. {@link SignallingEventStore}'s streams take
 * the callback, and its storage engine signals here each time its reader has handed over a newly read event.
 */
public final class EventAvailability {

    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();

    /** Runs {@code listener} each time new events were read; until {@link #remove}. */
    public void add(Runnable listener) {
        listeners.add(listener);
    }

    public void remove(Runnable listener) {
        listeners.remove(listener);
    }

    /** Every listener, now. A listener only schedules work (a processor's next round), it never blocks. */
    public void signal() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /**
     * The same elements; {@link #signal()} after each one was consumed. The signal comes after the consumer's action
     * returned, so whatever that action made visible (the embedded event store links the event into the cache its
     * streams read) is visible when the listeners look.
     */
    public <T> Stream<T> signallingAfterEach(Stream<T> events) {
        Spliterator<T> source = events.spliterator();
        Spliterator<T> signalling = new Spliterator<>() {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                boolean advanced = source.tryAdvance(action);
                if (advanced) {
                    signal();
                }
                return advanced;
            }

            @Override
            public Spliterator<T> trySplit() {
                return null;
            }

            @Override
            public long estimateSize() {
                return source.estimateSize();
            }

            @Override
            public int characteristics() {
                return source.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED);
            }
        };
        return StreamSupport.stream(signalling, false).onClose(events::close);
    }
}
