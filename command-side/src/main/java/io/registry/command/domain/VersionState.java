package io.registry.command.domain;

import java.util.Locale;

/** The lifecycle of a version inside its entity: requested -> confirmed -> archived, or requested -> expired. */
public enum VersionState {
    REQUESTED, CONFIRMED, ARCHIVED, EXPIRED;

    /** Confirmed, and perhaps archived since: a version that exists for good. */
    public boolean wasConfirmed() {
        return this == CONFIRMED || this == ARCHIVED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
