package io.registry.api.request;

import java.util.regex.Pattern;

/**
 * The documented shapes of identifiers (README "Identifiers"). Every identifier is plain printable ASCII:
 * no whitespace, control, bidi-override or unpaired-surrogate character can get into an event, a storage key
 * or a log line through one.
 */
public final class Identifiers {

    /** Entity (package) and zone ids: 1..70 characters, a letter or digit first, then letters, digits, {@code . _ -}. */
    public static final String ENTITY_ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,69}$";
    public static final String ENTITY_ID_MESSAGE =
            "must be 1..70 characters: a letter or digit, then letters, digits, '.', '_' or '-'";

    /**
     * User and organization ids, as identity providers issue them in a token's {@code sub} / {@code org}
     * (UUIDs, e-mail addresses, {@code auth0|5f7c...}): 1..200 characters, a letter or digit first, then
     * letters, digits and {@code . _ - @ | : + =}.
     */
    public static final String USER_ID = "^[A-Za-z0-9][A-Za-z0-9._@|:+=-]{0,199}$";
    public static final String USER_ID_MESSAGE =
            "must be 1..200 characters: a letter or digit, then letters, digits, '.', '_', '-', '@', '|', ':', '+' or '='";

    private static final Pattern USER_ID_PATTERN = Pattern.compile(USER_ID);
    private static final Pattern ENTITY_ID_PATTERN = Pattern.compile(ENTITY_ID);

    private Identifiers() {
    }

    public static boolean isUserId(String value) {
        return value != null && USER_ID_PATTERN.matcher(value).matches();
    }

    public static boolean isEntityId(String value) {
        return value != null && ENTITY_ID_PATTERN.matcher(value).matches();
    }
}
