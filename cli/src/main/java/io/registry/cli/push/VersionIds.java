package io.registry.cli.push;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The version id {@code push} gives when none is asked for: the current UTC time, {@code YYYY.MM.DD-HHMMSS}. */
public final class VersionIds {

    private static final DateTimeFormatter VERSION_ID = DateTimeFormatter.ofPattern("uuuu.MM.dd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private VersionIds() {
    }

    public static String at(Instant instant) {
        return VERSION_ID.format(instant);
    }
}
