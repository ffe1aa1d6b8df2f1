package io.registry.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Who owns an entity: the platform itself (created by an admin only) or a customer. */
public enum OwnerType {
    PLATFORM,
    CUSTOMER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name; {@code null} when it is neither {@code platform} nor {@code customer}. */
    @JsonCreator
    public static OwnerType fromWireName(String value) {
        for (OwnerType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        return null;
    }
}
