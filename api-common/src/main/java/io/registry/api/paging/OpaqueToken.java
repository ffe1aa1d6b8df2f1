package io.registry.api.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The one shape of every opaque value the API hands out (listing and history cursors, consistency tokens):
 * base64url of {@code <kind>|<number>|<scope>}, where {@code kind} says what it is (and its format's version),
 * {@code number} is a position (a version number, an event sequence) and {@code scope} the entity it belongs to.
 * Clients treat it as opaque; a value of another kind or scope is refused by whoever reads it.
 */
public record OpaqueToken(String kind, long number, String scope) {

    /** Longest text a client may send back (longer is not one of ours). */
    public static final int MAX_LENGTH = 400;

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + "|" + number + "|" + scope).getBytes(StandardCharsets.UTF_8));
    }

    /** The token of this {@code kind} in {@code text}; empty when it is not one this service issued. */
    public static Optional<OpaqueToken> decode(String text, String kind) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 3);
            if (parts.length != 3 || !parts[0].equals(kind) || parts[2].isEmpty()) {
                return Optional.empty();
            }
            long number = Long.parseLong(parts[1]);
            return number < 0 ? Optional.empty() : Optional.of(new OpaqueToken(kind, number, parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
