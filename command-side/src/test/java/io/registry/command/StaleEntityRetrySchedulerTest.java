package io.registry.command;

import io.registry.command.domain.Rejection;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StaleEntityRetrySchedulerTest {

    private final StaleEntityRetryScheduler scheduler = new StaleEntityRetryScheduler(3);
    private final AtomicInteger dispatched = new AtomicInteger();
    private final List<Class<? extends Throwable>[]> failures = new ArrayList<>();

    @Test
    void a_command_that_lost_the_race_for_the_next_sequence_runs_again_up_to_three_times() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(fail(new ConcurrencyException("sequence 7 taken"))).as("attempt " + attempt).isTrue();
        }
        assertThat(fail(new ConcurrencyException("sequence 7 taken"))).isFalse();
        assertThat(dispatched).hasValue(3);
    }

    @Test
    void a_refusal_is_decided_once_more_then_answered() {
        assertThat(fail(new Rejection(Rejection.Kind.CONFLICT, "version_exists", "exists"))).isTrue();
        assertThat(fail(new Rejection(Rejection.Kind.CONFLICT, "version_exists", "exists"))).isFalse();
        assertThat(dispatched).hasValue(1);
    }

    @Test
    void a_refusal_after_a_lost_race_is_answered_at_once_the_entity_was_just_loaded() {
        fail(new ConcurrencyException("sequence 7 taken"));
        assertThat(fail(new Rejection(Rejection.Kind.CONFLICT, "version_exists", "exists"))).isFalse();
    }

    @Test
    void an_entity_that_already_exists_and_other_failures_are_answered_at_once() {
        assertThat(fail(new AggregateStreamCreationException("exists"))).isFalse();
        failures.clear();
        assertThat(fail(new IllegalStateException("bug"))).isFalse();
        assertThat(dispatched).hasValue(0);
    }

    @SuppressWarnings("unchecked")
    private boolean fail(RuntimeException failure) {
        failures.add(new Class[] {failure.getClass()});
        return scheduler.scheduleRetry(GenericCommandMessage.asCommandMessage("command"), failure, failures,
                dispatched::incrementAndGet);
    }
}
