package io.registry.query.listing;

import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;

import java.time.Duration;
import java.util.List;

/**
 * Waits (bounded) until the read model has applied the event a consistency token names. Answers whether
 * it caught up; the caller then says so in {@code X-Consistency-Stale} when it did not.
 */
public class ReadYourWrites {

    public static final String STALE_HEADER = "X-Consistency-Stale";

    private final ReadModel readModel;
    private final Duration maxWait;

    public ReadYourWrites(ReadModel readModel, Duration maxWait) {
        this.readModel = readModel;
        this.maxWait = maxWait;
    }

    /** A 200 response builder that says so when the read could not wait for the client's write. */
    public static org.springframework.http.ResponseEntity.BodyBuilder ok(boolean caughtUp) {
        org.springframework.http.ResponseEntity.BodyBuilder response = org.springframework.http.ResponseEntity.ok();
        if (!caughtUp) {
            response.header(STALE_HEADER, "true");
        }
        return response;
    }

    /** How the read that follows finds its documents. */
    public enum Reads {
        /** Realtime GETs by id: visible as soon as written. */
        BY_ID,
        /** Searches: visible after a refresh, which the wait then forces once the write has landed. */
        BY_SEARCH
    }

    /** True when there is no token, or the read model reached it within the bound. */
    public boolean awaitToken(String tokenText, Reads reads) {
        if (tokenText == null) {
            return true;
        }
        ConsistencyToken token = ConsistencyToken.decode(tokenText).orElseThrow(() -> ApiException.badRequest(
                List.of(new FieldViolation(ConsistencyToken.HEADER, "invalid_token",
                        "is not a consistency token returned by a command"))));
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pause = 5;
        while (true) {
            long applied = readModel.entity(token.entityId()).map(e -> e.path("last_sequence").asLong(-1)).orElse(-1L);
            if (applied >= token.sequence()) {
                if (reads == Reads.BY_SEARCH) {
                    readModel.refreshVersions();
                }
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 100);
        }
    }
}
