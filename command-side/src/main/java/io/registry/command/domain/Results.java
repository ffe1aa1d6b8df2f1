package io.registry.command.domain;

import io.registry.events.RetentionPolicy;

import java.time.Instant;
import java.util.List;

/** What command handlers answer. {@code sequence} is the entity's last event sequence (consistency token). */
public final class Results {

    private Results() {
    }

    /** Any command that may or may not record events. */
    public record Done(String entityId, long sequence) {
    }

    /** Step 1: either a new upload ticket, or the already confirmed version with the same source hash. */
    public record UploadTicket(String entityId, String versionId, String storagePath, String lockfilePath,
                               Instant expiresAt, String existingVersionId, long sequence) {
        public boolean deduplicated() {
            return existingVersionId != null;
        }
    }

    /**
     * The versions the entity's retention {@code policy} has due (oldest first), and the entity's sequence they were
     * decided at: the job archives them with that sequence as expected, so a change in between is not overlooked.
     */
    public record RetentionPlan(String entityId, RetentionPolicy policy, List<String> due, long sequence) {
    }

    /** Step 2: the confirmed version, by id and by number (1, 2, 3... in order of confirmation). */
    public record Confirmed(String entityId, String versionId, int versionNumber, String manifestSha,
                            String packageSha256, String lockfileSha256, boolean active, long sequence) {
    }
}
