package io.registry.query.listing;

import io.registry.api.paging.OpaqueToken;

import java.util.Optional;

/**
 * An opaque page boundary: the {@code version} number of the last item shown in the direction of travel,
 * bound to one package so a cursor of another package is refused.
 */
record Cursor(String entityId, int version) {

    private static final String KIND = "c1";

    String encode() {
        return new OpaqueToken(KIND, version, entityId).encode();
    }

    static Optional<Cursor> decode(String text) {
        return OpaqueToken.decode(text, KIND).filter(token -> token.number() <= Integer.MAX_VALUE)
                .map(token -> new Cursor(token.scope(), (int) token.number()));
    }
}
