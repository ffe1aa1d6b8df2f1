package io.registry.command.domain;

import java.util.Locale;

/** The lifecycle of a version inside its entity: requested -> confirmed -> archived, or requested -> expired. */
public enum VersionState {
    REQUESTED, CONFIRMED, ARCHIVED, EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
