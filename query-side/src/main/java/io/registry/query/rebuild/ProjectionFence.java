package io.registry.query.rebuild;

import org.axonframework.common.DateTimeUtils;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/**
 * Stops the live projection on every instance for the moment a rebuild switches indices: the rebuild takes the claim
 * of every segment in the shared token store under an owner of its own. An instance that held a segment finds its
 * claim gone at its next token update (which then fails, so the events it was applying are applied again later) and
 * cannot claim it back while the fence is renewed; once released, the instances claim the segments again
 * (within their token claim interval) and go on from the tokens the rebuild read.
 */
public class ProjectionFence {

    private final JdbcTemplate jdbc;
    private final String processor;
    private final String owner;
    private final Clock clock;

    public ProjectionFence(JdbcTemplate jdbc, String processor, String owner, Clock clock) {
        this.jdbc = jdbc;
        this.processor = processor;
        this.owner = owner;
        this.clock = clock;
    }

    /** Takes (or renews) the claim of every segment; answers how many segments it holds. */
    public int hold() {
        return jdbc.update("UPDATE token_entry SET owner = ?, timestamp = ? WHERE processor_name = ?",
                owner, DateTimeUtils.formatInstant(clock.instant()), processor);
    }

    /** Gives every segment back (only those the fence holds). */
    public void release() {
        jdbc.update("UPDATE token_entry SET owner = NULL WHERE processor_name = ? AND owner = ?", processor, owner);
    }

    public String owner() {
        return owner;
    }
}
