package io.registry.cli.api;

import java.time.Duration;

/**
 * How often and how patiently a failed exchange is tried again: {@code attempts} in all, waiting
 * {@code firstDelay}, then twice as long each time, at most {@code maxDelay} (a {@code Retry-After} the server
 * sends is honoured up to that bound).
 */
public record Backoff(int attempts, Duration firstDelay, Duration maxDelay) {

    public static Backoff standard() {
        return new Backoff(4, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    Duration delayBefore(int attempt, Duration retryAfter) {
        Duration exponential = firstDelay.multipliedBy(1L << Math.min(attempt - 2, 20));
        Duration delay = retryAfter != null && retryAfter.compareTo(exponential) > 0 ? retryAfter : exponential;
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
