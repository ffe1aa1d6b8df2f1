package io.registry.query.read;

import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.ReadModelStore;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.List;

/**
 * Waits (bounded) until the read model has applied the event a consistency token names. Answers whether
 * it caught up; the caller then says so in {@code X-Consistency-Stale} when it did not.
 */
public class ReadYourWrites {

    public static final String STALE_HEADER = "X-Consistency-Stale";

    private final ReadModelStore store;
    private final Duration maxWait;
    private final Waiting waiting;

    public ReadYourWrites(ReadModelStore store, Duration maxWait) {
        this(store, maxWait, Waiting.SYSTEM);
    }

    public ReadYourWrites(ReadModelStore store, Duration maxWait, Waiting waiting) {
        this.store = store;
        this.maxWait = maxWait;
        this.waiting = waiting;
    }

    /** The time the wait is measured in and the pauses between looks. */
    public interface Waiting {

        Waiting SYSTEM = new Waiting() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long millis) throws InterruptedException {
                Thread.sleep(millis);
            }
        };

        long nanoTime();

        void sleep(long millis) throws InterruptedException;
    }

    /** A 200 response builder that says so when the read could not wait for the client's write. */
    public static ResponseEntity.BodyBuilder ok(boolean caughtUp) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (!caughtUp) {
            response.header(STALE_HEADER, "true");
        }
        return response;
    }

    /** How the read that follows finds its documents. */
    public enum Reads {
        /** Realtime GETs by id: visible as soon as written. */
        BY_ID,
        /** Searches of versions: visible after a refresh, which the wait then forces once the write has landed. */
        BY_SEARCH,
        /** Searches of entities (a zone's packages), likewise. */
        BY_ENTITY_SEARCH
    }

    /** True when there is no token, or the read model reached it within the bound. */
    public boolean awaitToken(String tokenText, Reads reads) {
        if (tokenText == null) {
            return true;
        }
        ConsistencyToken token = ConsistencyToken.decode(tokenText).orElseThrow(() -> ApiException.badRequest(
                List.of(new FieldViolation(ConsistencyToken.HEADER, "invalid_token",
                        "is not a consistency token returned by a command"))));
        long deadline = waiting.nanoTime() + maxWait.toNanos();
        long pause = 5;
        while (true) {
            long applied = store.entity(token.entityId()).map(EntityDocument::lastSequence).orElse(-1L);
            if (applied >= token.sequence()) {
                if (reads == Reads.BY_SEARCH) {
                    store.refreshVersions();
                } else if (reads == Reads.BY_ENTITY_SEARCH) {
                    store.refreshEntities();
                }
                return true;
            }
            if (waiting.nanoTime() > deadline) {
                return false;
            }
            try {
                waiting.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 100);
        }
    }
}
