package io.registry.query.listing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An opaque page boundary: the {@code version} number of the last item shown in the direction of travel,
 * bound to one package so a cursor of another package is refused.
 */
record Cursor(String entityId, int version) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("c1|" + version + "|" + entityId).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<Cursor> decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 3);
            if (parts.length != 3 || !parts[0].equals("c1")) {
                return Optional.empty();
            }
            int version = Integer.parseInt(parts[1]);
            return version < 0 ? Optional.empty() : Optional.of(new Cursor(parts[2], version));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
