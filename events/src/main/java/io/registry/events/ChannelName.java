package io.registry.events;

import java.util.regex.Pattern;

/**
 * The name of a channel: a named pointer of an entity at one version, or a weighted split between two
 * ({@code latest}, {@code beta}, {@code canary}). {@value #RESERVED} is not a channel name: the active version keeps
 * its own routes ({@code /versions/active}) and events.
 */
public final class ChannelName {

    /** The active version is not a channel. */
    public static final String RESERVED = "active";
    /**
     * What the API document and the event schemas state: a lowercase letter, then up to 31 lowercase letters, digits or
     * '-'; not {@value #RESERVED}.
     */
    public static final String PATTERN = "^(?!" + RESERVED + "$)[a-z][a-z0-9-]{0,31}$";
    public static final String MESSAGE =
            "must be a channel name: a lowercase letter, then up to 31 lowercase letters, digits or '-', not 'active'";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    private ChannelName() {
    }

    public static boolean isValid(String name) {
        return name != null && SHAPE.matcher(name).matches();
    }
}
