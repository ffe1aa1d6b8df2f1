package io.registry.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Who may read an entity besides its publishers and the users it is shared with. */
public enum Store {
    /** Only publishers and shared users. */
    PRIVATE,
    /** Also every member of the owning organization. */
    ORG,
    /** Also every authenticated user. */
    PUBLIC;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name; {@code null} when it is not one of {@code private}, {@code org}, {@code public}. */
    @JsonCreator
    public static Store fromWireName(String value) {
        for (Store store : values()) {
            if (store.wireName().equals(value)) {
                return store;
            }
        }
        return null;
    }
}
