package io.registry.eventstore.availability;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SignallingEventStoreTest {

    private final EventAvailability availability = new EventAvailability();
    // a fetch delay far longer than the test waits: only the commit wakes the reader
    private final SignallingEventStore store = new SignallingEventStore(EmbeddedEventStore.builder()
            .storageEngine(new SignallingStorageEngine(new InMemoryEventStorageEngine(), availability, 1000))
            .fetchDelay(60_000), availability, Duration.ofMinutes(1), Duration.ofMinutes(1));

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void aStreamThatCaughtUpIsCalledBackWhenAnEventIsPublishedAndCanReadItThen() throws Exception {
        store.publish(GenericEventMessage.asEventMessage("first"));
        TrackingEventStream stream = store.openStream(store.createHeadToken());
        CountDownLatch called = new CountDownLatch(1);
        AtomicBoolean visibleWhenCalled = new AtomicBoolean();
        assertThat(stream.setOnAvailableCallback(() -> {
            visibleWhenCalled.set(stream.peek().isPresent());
            called.countDown();
        })).as("the stream takes the callback (Axon's pooled processor then stops polling)").isTrue();
        assertThat(stream.hasNextAvailable()).as("caught up, as a processor that has nothing to do").isFalse();

        store.publish(GenericEventMessage.asEventMessage("second"));

        assertThat(called.await(10, TimeUnit.SECONDS)).as("called back").isTrue();
        assertThat(visibleWhenCalled).as("the event is readable when the callback runs").isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("second");
    }

    @Test
    void aClosedStreamIsNotCalledAnyMore() throws Exception {
        TrackingEventStream stream = store.openStream(store.createHeadToken());
        List<String> calls = new CopyOnWriteArrayList<>();
        stream.setOnAvailableCallback(() -> calls.add("called"));
        stream.close();
        CountDownLatch other = new CountDownLatch(1);
        TrackingEventStream open = store.openStream(store.createHeadToken());
        open.setOnAvailableCallback(other::countDown);
        assertThat(open.hasNextAvailable()).isFalse();

        store.publish(GenericEventMessage.asEventMessage("after close"));

        assertThat(other.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(calls).isEmpty();
        open.close();
    }

    @Test
    void theTailingReaderReadsABacklogInPartsAndEveryEventArrivesOnceInOrder() throws Exception {
        // the store's reader holds everything one read hands over until the read ends: each must end after 100
        List<Integer> perRead = new CopyOnWriteArrayList<>();
        InMemoryEventStorageEngine events = new InMemoryEventStorageEngine() {
            @Override
            public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
                Stream<? extends TrackedEventMessage<?>> read = super.readEvents(token, mayBlock);
                if (!mayBlock) {
                    return read;
                }
                int index = perRead.size();
                perRead.add(0);
                return read.peek(event -> perRead.set(index, perRead.get(index) + 1));
            }
        };
        SignallingEventStore partial = new SignallingEventStore(EmbeddedEventStore.builder()
                .storageEngine(new SignallingStorageEngine(events, availability, 100))
                .cachedEvents(100).fetchDelay(10), availability, Duration.ofMinutes(1), Duration.ofMinutes(1));
        try {
            TrackingEventStream stream = partial.openStream(partial.createHeadToken());
            assertThat(stream.hasNextAvailable()).as("caught up: the stream now follows the store's reader").isFalse();
            int backlog = 5_000;
            partial.publish(java.util.stream.IntStream.range(0, backlog)
                    .mapToObj(GenericEventMessage::asEventMessage).toList());

            List<Object> seen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < backlog && System.nanoTime() < deadline) {
                if (stream.hasNextAvailable(10, TimeUnit.MILLISECONDS)) {
                    seen.add(stream.nextAvailable().getPayload());
                }
            }

            assertThat(seen).isEqualTo(java.util.stream.IntStream.range(0, backlog).boxed().toList());
            assertThat(perRead).as("events each read of the store's reader handed over").isNotEmpty()
                    .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(100));
            stream.close();
        } finally {
            partial.shutDown();
        }
    }

    @Test
    void aStreamThatReattachesAtEveryLookHandsOutEveryEventOnceAndInOrder() throws Exception {
        // cached events 10: the streams leave the shared list and come back to it while events keep arriving
        SignallingEventStore reattaching = new SignallingEventStore(EmbeddedEventStore.builder()
                .storageEngine(new SignallingStorageEngine(new InMemoryEventStorageEngine(), availability, 1000))
                .cachedEvents(10).cleanupDelay(5).fetchDelay(1), availability, Duration.ofMinutes(1), Duration.ZERO);
        try {
            int events = 5_000;
            for (int i = 0; i < events / 2; i++) {
                reattaching.publish(GenericEventMessage.asEventMessage(i));
            }
            Thread publisher = new Thread(() -> {
                for (int i = events / 2; i < events; i++) {
                    reattaching.publish(GenericEventMessage.asEventMessage(i));
                }
            });
            TrackingEventStream fast = reattaching.openStream(null);
            TrackingEventStream slow = reattaching.openStream(null);
            publisher.start();
            List<Object> fastSeen = new java.util.ArrayList<>();
            List<Object> slowSeen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((fastSeen.size() < events || slowSeen.size() < events) && System.nanoTime() < deadline) {
                for (int i = 0; i < 50 && fast.hasNextAvailable(); i++) {
                    fastSeen.add(fast.nextAvailable().getPayload());
                    fast.peek(); // as the pooled processor does, looking for events under the same token
                }
                if (slow.hasNextAvailable(1, TimeUnit.MILLISECONDS)) {
                    slowSeen.add(slow.nextAvailable().getPayload());
                }
            }
            publisher.join();
            List<Object> expected = java.util.stream.IntStream.range(0, events).boxed().map(Object.class::cast).toList();
            assertThat(fastSeen).as("a stream that keeps up").isEqualTo(expected);
            assertThat(slowSeen).as("a stream that falls behind and reads privately").isEqualTo(expected);
            fast.close();
            slow.close();
        } finally {
            reattaching.shutDown();
        }
    }

    @Test
    void aStreamDoesNotReattachWhileTheStoresStreamHoldsAPeekedEvent() throws Exception {
        List<TrackingToken> openedAt = new CopyOnWriteArrayList<>();
        EmbeddedEventStore plain = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        try {
            plain.publish(GenericEventMessage.asEventMessage("a"), GenericEventMessage.asEventMessage("b"));
            SignallingEventStore.ReattachingStream stream = new SignallingEventStore.ReattachingStream(null, token -> {
                openedAt.add(token);
                return plain.openStream(token);
            }, availability, 0);

            assertThat(stream.peek()).isPresent();
            assertThat(stream.hasNextAvailable()).as("peeked: the same stream answers").isTrue();
            assertThat(openedAt).hasSize(1);
            TrackedEventMessage<?> a = stream.nextAvailable();
            assertThat(stream.hasNextAvailable()).as("re-opened after a, then b is there").isTrue();
            assertThat(openedAt).hasSize(2).last().isEqualTo(a.trackingToken());
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("b");
            stream.close();
        } finally {
            plain.shutDown();
        }
    }

    @Test
    void signalsAfterEachElementWasConsumedNotBefore() {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> seenAtSignal = new CopyOnWriteArrayList<>();
        availability.add(() -> seenAtSignal.add(String.join(",", seen)));

        availability.signallingAfterEach(Stream.of("a", "b")).forEach(seen::add);

        assertThat(seenAtSignal).containsExactly("a", "a,b");
    }
}
