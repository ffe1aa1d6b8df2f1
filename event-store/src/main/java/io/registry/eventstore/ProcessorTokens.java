package io.registry.eventstore;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every streaming processor of the deployment as the shared token store sees it, whichever instance runs it: per
 * segment its owner (a node id), whether that claim is live, and how far it got; and the head of the event store.
 * Read only: nothing is claimed.
 */
public class ProcessorTokens {

    private static final Logger log = LoggerFactory.getLogger(ProcessorTokens.class);

    /**
     * One segment of a processor.
     *
     * @param owner     the node id that holds or last held the claim; null once released
     * @param claimed   an owner whose claim was renewed within the claim timeout (a stale owner no longer blocks others)
     * @param position  the global index of the last event the segment has handled; null before its first event
     * @param updatedAt when the owner last stored the token or renewed the claim
     */
    public record SegmentToken(String processor, int segment, String owner, boolean claimed, Long position,
                               Instant updatedAt) {

        /** How many events the segment is behind {@code head}. */
        public long lagBehind(long head) {
            return Math.max(0, head - (position == null ? 0 : position));
        }
    }

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Duration claimTimeout;
    private final Clock clock;

    public ProcessorTokens(JdbcTemplate jdbc, Serializer serializer, Duration claimTimeout, Clock clock) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.claimTimeout = claimTimeout;
        this.clock = clock;
    }

    /** The global index of the newest event in the store (0 when it is empty; indices start at 1). */
    public long head() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    public Duration claimTimeout() {
        return claimTimeout;
    }

    /** Every segment of every processor, by processor name and segment. */
    public List<SegmentToken> segments() {
        Instant now = clock.instant();
        // Axon keeps the store's own identifier in a row named "__config": not a processor
        return jdbc.query("SELECT processor_name, segment, owner, timestamp, token, token_type FROM token_entry "
                        + "WHERE processor_name <> '__config' ORDER BY processor_name, segment",
                (rs, i) -> segment(rs, now));
    }

    private SegmentToken segment(ResultSet rs, Instant now) throws SQLException {
        String processor = rs.getString("processor_name");
        int segment = rs.getInt("segment");
        String owner = rs.getString("owner");
        String timestamp = rs.getString("timestamp");
        Instant updatedAt = timestamp == null ? null : DateTimeUtils.parseInstant(timestamp);
        boolean claimed = owner != null && updatedAt != null && updatedAt.plus(claimTimeout).isAfter(now);
        return new SegmentToken(processor, segment, owner, claimed,
                position(processor, segment, rs.getBytes("token"), rs.getString("token_type")), updatedAt);
    }

    private Long position(String processor, int segment, byte[] token, String type) {
        if (token == null || type == null) {
            return null;
        }
        try {
            TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
            return tracking == null || tracking.position().isEmpty() ? null : tracking.position().getAsLong();
        } catch (RuntimeException e) {
            log.warn("Cannot read the token of {} segment {} ({})", processor, segment, type, e);
            return null;
        }
    }
}
