package io.registry.api.consistency;

import io.registry.api.paging.OpaqueToken;

import java.util.Optional;

/**
 * Read-your-writes: a command answers with the token of the last event it recorded (entity and its event
 * sequence); a query that sends the token back waits until the read model has applied that event.
 * Opaque to clients.
 */
public record ConsistencyToken(String entityId, long sequence) {

    public static final String HEADER = "X-Consistency-Token";

    private static final String KIND = "v1";

    public String encode() {
        return new OpaqueToken(KIND, sequence, entityId).encode();
    }

    /** Empty when the text is not a token this service issued. */
    public static Optional<ConsistencyToken> decode(String text) {
        return OpaqueToken.decode(text, KIND).map(token -> new ConsistencyToken(token.scope(), token.number()));
    }
}
