package io.registry.bench;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/** Distinct version ids {@code YYYY.MM.DD-HHMMSS} naming real instants: one second apart from 2001-01-01. */
final class VersionIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu.MM.dd-HHmmss");
    private static final LocalDateTime BASE = LocalDateTime.of(2001, 1, 1, 0, 0, 0);

    private final AtomicLong next = new AtomicLong();

    String next() {
        return of(next.getAndIncrement());
    }

    static String of(long index) {
        return FORMAT.format(BASE.plusSeconds(index));
    }
}
