package io.registry.events;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/** A version identifier: {@code YYYY.MM.DD-HHMMSS}, a real calendar date and time. */
public record VersionId(String value) {

    /** The shape of a version id (a real date and time is checked besides): what the API document states. */
    public static final String SHAPE_PATTERN = "^[0-9]{4}\\.[0-9]{2}\\.[0-9]{2}-[0-9]{6}$";
    private static final Pattern SHAPE = Pattern.compile(SHAPE_PATTERN);
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu.MM.dd-HHmmss").withResolverStyle(ResolverStyle.STRICT);

    public VersionId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a version id: " + value);
        }
    }

    /** True for {@code 2024.06.10-153042}; false for a wrong shape or an impossible date such as {@code 2024.02.30}. */
    public static boolean isValid(String value) {
        if (value == null || !SHAPE.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDateTime.parse(value, FORMAT);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
