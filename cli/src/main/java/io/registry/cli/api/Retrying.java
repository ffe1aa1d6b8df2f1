package io.registry.cli.api;

import io.registry.cli.CliContext;
import io.registry.cli.CliFailure;
import io.registry.cli.ExitCode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Sends an exchange again after a network error or an answer that asks for it (5xx, 429, or what the caller adds),
 * as the context's {@link Backoff} says. The caller builds each attempt, so a command sends the same
 * {@code X-Client-Request-ID} and the same body bytes every time: the registry then answers a retry with the first
 * answer instead of running the command twice.
 */
public final class Retrying {

    /** One attempt. */
    public interface Exchange<T> {
        HttpResponse<T> send() throws IOException, InterruptedException;
    }

    private Retrying() {
    }

    public static boolean serverAskedToRetry(HttpResponse<?> response) {
        return response.statusCode() == 429 || response.statusCode() >= 500;
    }

    /**
     * The first answer that is not to be retried, or the last one once the attempts are spent; a network error on
     * the last attempt is a {@link CliFailure} with {@link ExitCode#UNAVAILABLE}.
     */
    public static <T> HttpResponse<T> send(CliContext context, String what, Exchange<T> exchange,
                                           Predicate<HttpResponse<T>> retryable) {
        Backoff backoff = context.backoff();
        for (int attempt = 1; ; attempt++) {
            String failure;
            Duration retryAfter = null;
            try {
                HttpResponse<T> response = exchange.send();
                if (!retryable.test(response) || attempt >= backoff.attempts()) {
                    return response;
                }
                failure = "answered " + response.statusCode();
                retryAfter = response.headers().firstValue("Retry-After").flatMap(Retrying::seconds).orElse(null);
            } catch (IOException e) {
                if (attempt >= backoff.attempts()) {
                    throw new CliFailure(ExitCode.UNAVAILABLE, what + ": " + describe(e), e);
                }
                failure = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(ExitCode.UNAVAILABLE, what + ": interrupted", e);
            }
            Duration delay = backoff.delayBefore(attempt + 1, retryAfter);
            context.err().printf("note: %s %s; trying again in %s (attempt %d of %d)%n", what, failure,
                    human(delay), attempt + 1, backoff.attempts());
            context.err().flush();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(ExitCode.UNAVAILABLE, what + ": interrupted", e);
            }
        }
    }

    static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }

    private static java.util.Optional<Duration> seconds(String header) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException httpDate) {
            return java.util.Optional.empty();
        }
    }

    private static String human(Duration delay) {
        return delay.toMillis() < 1000 ? delay.toMillis() + " ms" : String.format("%.1f s", delay.toMillis() / 1000.0);
    }
}
