package io.registry.query.read;

import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.problem.ApiException;
import io.registry.query.ReadModelFixture;
import io.registry.query.read.ReadYourWrites.Reads;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.registry.query.Events.ENTITY;
import static io.registry.query.Events.V1;
import static io.registry.query.Events.aPublisherGranted;
import static io.registry.query.Events.aVersionConfirmed;
import static io.registry.query.Events.anEntityCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A read that sends a command's consistency token back waits, up to a bound, until the read model has applied that
 * command's last event; searches then refresh once. Time here is a fake clock that the waiting itself advances.
 */
class ReadYourWritesTest {

    private final ReadModelFixture readModel = new ReadModelFixture();
    private final FakeTime time = new FakeTime();
    private final ReadYourWrites readYourWrites = new ReadYourWrites(readModel.store, Duration.ofSeconds(5), time);

    /** A clock that only moves when the wait sleeps; it can make events land at a moment of its own. */
    private static final class FakeTime implements ReadYourWrites.Waiting {
        long nanos;
        final List<Long> sleeps = new ArrayList<>();
        Runnable atSleep = () -> { };

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(long millis) {
            sleeps.add(millis);
            nanos += Duration.ofMillis(millis).toNanos();
            atSleep.run();
        }
    }

    private static String token(long sequence) {
        return new ConsistencyToken(ENTITY, sequence).encode();
    }

    @Test
    void without_a_token_nothing_is_awaited() {
        assertThat(readYourWrites.awaitToken(null, Reads.BY_SEARCH)).isTrue();

        assertThat(readModel.store.entityGets()).isZero();
        assertThat(readModel.store.refreshes()).isZero();
    }

    @Test
    void a_token_already_applied_answers_at_once_and_a_search_refreshes_once() {
        readModel.given(anEntityCreated(), aVersionConfirmed(V1, 1));

        assertThat(readYourWrites.awaitToken(token(1), Reads.BY_ID)).isTrue();
        assertThat(readModel.store.refreshes()).isZero();
        assertThat(readYourWrites.awaitToken(token(1), Reads.BY_SEARCH)).isTrue();
        assertThat(readModel.store.refreshes()).isEqualTo(1);
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void a_read_waits_until_the_event_is_applied() {
        readModel.given(anEntityCreated());
        time.atSleep = () -> {
            if (time.sleeps.size() == 3) {
                readModel.given(aPublisherGranted("bob"));
            }
        };

        assertThat(readYourWrites.awaitToken(token(1), Reads.BY_SEARCH)).isTrue();

        assertThat(time.sleeps).containsExactly(5L, 10L, 20L);
        assertThat(readModel.store.refreshes()).isEqualTo(1);
    }

    @Test
    void a_read_of_an_entity_not_projected_yet_waits_for_it() {
        time.atSleep = () -> {
            if (time.sleeps.size() == 1) {
                readModel.given(anEntityCreated());
            }
        };

        assertThat(readYourWrites.awaitToken(token(0), Reads.BY_ID)).isTrue();
    }

    @Test
    void the_wait_is_bounded_and_answers_stale_with_pauses_growing_to_100_ms() {
        readModel.given(anEntityCreated());

        assertThat(readYourWrites.awaitToken(token(9), Reads.BY_SEARCH)).isFalse();

        assertThat(time.sleeps).startsWith(5L, 10L, 20L, 40L, 80L, 100L, 100L);
        assertThat(time.sleeps.stream().mapToLong(Long::longValue).sum()).isBetween(5_000L, 5_100L);
        assertThat(readModel.store.refreshes()).as("nothing to refresh for").isZero();
        assertThat(ReadYourWrites.ok(false).build().getHeaders().getFirst(ReadYourWrites.STALE_HEADER))
                .isEqualTo("true");
    }

    @Test
    void an_interrupted_wait_answers_stale_and_keeps_the_interrupt() {
        readModel.given(anEntityCreated());
        Thread.currentThread().interrupt();
        ReadYourWrites interrupted = new ReadYourWrites(readModel.store, Duration.ofSeconds(5),
                new ReadYourWrites.Waiting() {
                    @Override
                    public long nanoTime() {
                        return 0;
                    }

                    @Override
                    public void sleep(long millis) throws InterruptedException {
                        Thread.sleep(millis);
                    }
                });

        assertThat(interrupted.awaitToken(token(5), Reads.BY_ID)).isFalse();
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void a_value_that_is_not_a_consistency_token_is_400() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> readYourWrites.awaitToken("not-a-token", Reads.BY_ID));

        assertThat(e.status().value()).isEqualTo(400);
        assertThat(e.violations()).extracting(v -> v.field() + " " + v.code())
                .containsExactly(ConsistencyToken.HEADER + " invalid_token");
    }
}
