package io.registry.analytics;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the figures; immutable and sorted by key.
 *
 * @param confirmedPerZonePerDay versions confirmed ({@code registry.version.confirmed}) per zone, per UTC day of
 *                               {@code confirmed_at}; the zone comes from the entity's {@code registry.entity.created}
 *                               ({@value AnalyticsConsumer#UNKNOWN_ZONE} when that event was not seen)
 * @param activationsPerEntity   {@code registry.version.activated} events per entity
 * @param archivesPerEntity      {@code registry.version.archived} events per entity
 * @param recordsRead            Kafka records read, duplicates and skipped ones included
 * @param duplicatesSkipped      records whose {@code ce_id} had been seen already, not counted again
 * @param recordsSkipped         records that do not follow the contract (no {@code ce_id}/{@code ce_type}, JSON that
 *                               cannot be read, a counted event without the fields it needs)
 */
public record Figures(Map<String, Map<LocalDate, Long>> confirmedPerZonePerDay,
                      Map<String, Long> activationsPerEntity,
                      Map<String, Long> archivesPerEntity,
                      long recordsRead,
                      long duplicatesSkipped,
                      long recordsSkipped) {

    public Figures {
        TreeMap<String, Map<LocalDate, Long>> zones = new TreeMap<>();
        confirmedPerZonePerDay.forEach((zone, days) -> zones.put(zone, Collections.unmodifiableMap(new TreeMap<>(days))));
        confirmedPerZonePerDay = Collections.unmodifiableMap(zones);
        activationsPerEntity = Collections.unmodifiableMap(new TreeMap<>(activationsPerEntity));
        archivesPerEntity = Collections.unmodifiableMap(new TreeMap<>(archivesPerEntity));
    }

    /** Versions confirmed in {@code zone} on the UTC day {@code day}. */
    public long confirmed(String zone, LocalDate day) {
        return confirmedPerZonePerDay.getOrDefault(zone, Map.of()).getOrDefault(day, 0L);
    }

    public long activations(String entityId) {
        return activationsPerEntity.getOrDefault(entityId, 0L);
    }

    public long archives(String entityId) {
        return archivesPerEntity.getOrDefault(entityId, 0L);
    }

    /** A human-readable, multi-line report. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("versions confirmed per zone per day (UTC):\n");
        if (confirmedPerZonePerDay.isEmpty()) {
            out.append("  (none)\n");
        }
        confirmedPerZonePerDay.forEach((zone, days) -> days.forEach((day, count) ->
                out.append("  ").append(zone).append(' ').append(day).append(": ").append(count).append('\n')));
        appendPerEntity(out, "activations per entity:", activationsPerEntity);
        appendPerEntity(out, "archives per entity:", archivesPerEntity);
        out.append("records read: ").append(recordsRead).append(", duplicates skipped: ").append(duplicatesSkipped)
                .append(", records skipped: ").append(recordsSkipped).append('\n');
        return out.toString();
    }

    private static void appendPerEntity(StringBuilder out, String title, Map<String, Long> counts) {
        out.append(title).append('\n');
        if (counts.isEmpty()) {
            out.append("  (none)\n");
        }
        counts.forEach((entity, count) -> out.append("  ").append(entity).append(": ").append(count).append('\n'));
    }
}
