package io.registry.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.joni.Regex;
import org.junit.jupiter.api.Test;

class EcmaScriptRegexTest {

  /** Exponential backtracking: without a bound this runs for hours on 40 characters. */
  private static final String CATASTROPHIC = "(.*a){12}b";

  private static final String NO_MATCH = "a".repeat(40) + "!";

  private static long inMillis(long millis) {
    return System.nanoTime() + Duration.ofMillis(millis).toNanos();
  }

  @Test
  void a_pattern_is_found_anywhere_in_the_value() throws Exception {
    Regex pattern = EcmaScriptRegex.compile("[0-9]+");

    assertThat(EcmaScriptRegex.find(pattern, "abc123", inMillis(1_000))).isTrue();
    assertThat(EcmaScriptRegex.find(pattern, "abc", inMillis(1_000))).isFalse();
  }

  @Test
  void catastrophic_backtracking_is_stopped_at_the_deadline() throws Exception {
    Regex pattern = EcmaScriptRegex.compile(CATASTROPHIC);
    long started = System.nanoTime();

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> EcmaScriptRegex.find(pattern, NO_MATCH, inMillis(200)))
                .isInstanceOf(EcmaScriptRegex.MatchAborted.class));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void a_deadline_that_has_passed_stops_before_matching() throws Exception {
    Regex pattern = EcmaScriptRegex.compile("a");

    assertThatThrownBy(() -> EcmaScriptRegex.find(pattern, "a", System.nanoTime() - 1))
        .isInstanceOf(EcmaScriptRegex.MatchAborted.class);
  }

  @Test
  void an_interrupt_stops_matching_and_stays_set() throws Exception {
    Regex pattern = EcmaScriptRegex.compile(CATASTROPHIC);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> interruptedAfterwards = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                EcmaScriptRegex.find(pattern, NO_MATCH, inMillis(60_000));
              } catch (Throwable t) {
                failure.set(t);
              }
              interruptedAfterwards.set(Thread.currentThread().isInterrupted());
            });
    worker.setDaemon(true);
    worker.start();
    Thread.sleep(100);

    worker.interrupt();
    worker.join(5_000);

    assertThat(worker.isAlive()).isFalse();
    assertThat(failure.get()).isInstanceOf(EcmaScriptRegex.MatchAborted.class);
    assertThat(interruptedAfterwards.get()).isTrue();
  }

  @Test
  void validation_uses_the_deadline_of_its_factory() {
    var expression = EcmaScriptRegex.matchingUntil(inMillis(200)).getRegularExpression(CATASTROPHIC);

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> expression.matches(NO_MATCH))
                .isInstanceOf(EcmaScriptRegex.MatchAborted.class));
  }

  @Test
  void an_invalid_pattern_is_reported_with_the_engines_reason() {
    assertThatThrownBy(() -> EcmaScriptRegex.compile("a++"))
        .isInstanceOf(EcmaScriptRegex.InvalidPattern.class)
        .hasMessageContaining("nested repeat");
  }
}
