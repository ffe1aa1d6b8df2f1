package io.registry.command.expiry;

import io.registry.command.domain.Commands.ExpireUpload;
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
 */
public class UploadExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(UploadExpiryJob.class);

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;

    public UploadExpiryJob(JdbcTemplate jdbc, CommandGateway commands, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${registry.uploads.expiry-check-interval:PT30S}",
            initialDelayString = "${registry.uploads.expiry-check-interval:PT30S}")
    public void expireOverdueUploads() {
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
}
