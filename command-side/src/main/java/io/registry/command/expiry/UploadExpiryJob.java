package io.registry.command.expiry;

import io.registry.command.domain.Commands.ExpireUpload;
import io.registry.eventstore.ProcessorTokens;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Every {@code registry.uploads.expiry-check-interval} (default 30 s), asks each entity whose requested
 * upload passed its deadline to expire it. The aggregate decides (a confirm may have won the race); the
 * objects are removed once {@code UploadExpired} is recorded.
 *
 * <p>It waits while the processor that keeps {@code pending_upload} is more than {@link #MAX_LAG} events behind the
 * event store: its rows are then stale (uploads confirmed since still look open), and each would load its entity for
 * nothing. A package of 100,000 versions imported at once looked overdue version by version while the processor
 * caught up, and loading and snapshotting it ran the heap out.
 */
public class UploadExpiryJob {

    /** Events the processor may be behind and still be trusted (it stores its position every few seconds). */
    static final long MAX_LAG = 10_000;
    private static final Logger log = LoggerFactory.getLogger(UploadExpiryJob.class);

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final ProcessorTokens tokens;
    private final Clock clock;

    public UploadExpiryJob(JdbcTemplate jdbc, CommandGateway commands, ProcessorTokens tokens, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${registry.uploads.expiry-check-interval:PT30S}",
            initialDelayString = "${registry.uploads.expiry-check-interval:PT30S}")
    public void expireOverdueUploads() {
        long behind = pendingUploadsLag();
        if (behind > MAX_LAG) {
            log.info("Upload expiry waits: the pending uploads are {} events behind the event store", behind);
            return;
        }
        Instant now = clock.instant();
        List<String[]> overdue = jdbc.query(
                "SELECT entity_id, version_id FROM pending_upload WHERE expires_at <= ? ORDER BY expires_at LIMIT 500",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, Timestamp.from(now));
        for (String[] upload : overdue) {
            try {
                commands.sendAndWait(new ExpireUpload(upload[0], upload[1], now));
            } catch (RuntimeException e) {
                log.warn("Could not expire the upload of {} {}: {}", upload[0], upload[1], e.toString());
            }
        }
        if (!overdue.isEmpty()) {
            log.info("Expired {} overdue upload(s)", overdue.size());
        }
    }

    /** How many events the processor that keeps {@code pending_upload} is behind, at its slowest segment. */
    private long pendingUploadsLag() {
        long head = tokens.head();
        return tokens.segments().stream()
                .filter(segment -> segment.processor().equals(PendingUploads.PROCESSING_GROUP))
                .mapToLong(segment -> segment.lagBehind(head))
                .max().orElse(head);
    }
}
