package io.registry.api.consistency;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Read-your-writes: a command answers with the token of the last event it recorded (entity and its event
 * sequence); a query that sends the token back waits until the read model has applied that event.
 * Opaque to clients.
 */
public record ConsistencyToken(String entityId, long sequence) {

    public static final String HEADER = "X-Consistency-Token";

    public String encode() {
        String raw = "v1|" + sequence + "|" + entityId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Empty when the text is not a token this service issued. */
    public static Optional<ConsistencyToken> decode(String text) {
        if (text == null || text.isEmpty() || text.length() > 400) {
            return Optional.empty();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", 3);
            if (parts.length != 3 || !parts[0].equals("v1") || parts[2].isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ConsistencyToken(parts[2], Long.parseLong(parts[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
