package io.registry.backend;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Version ids in the documented {@code YYYY.MM.DD-HHMMSS} format, distinct per offset. */
final class ListingTestIds {

    private static final DateTimeFormatter VERSION_ID = DateTimeFormatter.ofPattern("yyyy.MM.dd-HHmmss");

    private ListingTestIds() {
    }

    /** {@code base} plus {@code seconds}, as a version id. */
    static String versionId(LocalDateTime base, long seconds) {
        return VERSION_ID.format(base.plusSeconds(seconds));
    }
}
