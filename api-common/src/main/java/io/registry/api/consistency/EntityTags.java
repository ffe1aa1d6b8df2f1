package io.registry.api.consistency;

import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;

import java.util.List;

/**
 * Entity tags for optimistic concurrency: an entity's ETag is the sequence of its last recorded event,
 * {@code "7"}. Send it back as {@code If-Match} on a command; if the entity changed meanwhile the
 * command is refused with 412.
 */
public final class EntityTags {

    private EntityTags() {
    }

    public static String etag(long sequence) {
        return "\"" + sequence + "\"";
    }

    /** The expected sequence from an If-Match header; null when absent or {@code *}. */
    public static Long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long sequence = Long.parseLong(value);
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(List.of(new FieldViolation("If-Match", "invalid_format",
                "must be an ETag returned by this API, e.g. \"7\"")));
    }
}
