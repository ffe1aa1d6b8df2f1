package io.registry.command.expiry;

import io.registry.api.storage.ObjectStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Deletes the staging objects {@link PendingUploads} queued ({@code staging_deletion}), every
 * {@code registry.uploads.staging-sweep-interval} (default 2 s), up to 1,000 keys per S3 request.
 *
 * <p>Why a queue: deleting each upload's staging objects as its confirm was handled cost one S3 multi-object delete
 * per confirm (a signed request with an MD5 of its XML body): a tenth of the backend's CPU when publishing one
 * version at a time. A batch's rows stay locked while its objects are deleted and go with them in one transaction, so
 * several instances sweep different rows, and a failed delete leaves them queued for the next sweep.
 */
public class StagingSweeper {

    static final int BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(StagingSweeper.class);

    private final JdbcTemplate jdbc;
    private final ObjectStorage storage;
    private final TransactionTemplate transactions;

    public StagingSweeper(JdbcTemplate jdbc, ObjectStorage storage, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.storage = storage;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${registry.uploads.staging-sweep-interval:PT2S}",
            initialDelayString = "${registry.uploads.staging-sweep-interval:PT2S}")
    public void sweep() {
        try {
            int deleted;
            do {
                deleted = sweepBatch();
            } while (deleted == BATCH);
        } catch (RuntimeException e) {
            log.warn("Could not delete staging objects (they stay queued for the next sweep): {}", e.toString());
        }
    }

    /** Deletes one batch of queued staging objects; answers how many. */
    int sweepBatch() {
        Integer deleted = transactions.execute(status -> {
            List<String> keys = jdbc.queryForList("SELECT storage_path FROM staging_deletion ORDER BY queued_at "
                    + "LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED", String.class);
            if (keys.isEmpty()) {
                return 0;
            }
            storage.deleteAll(keys);
            jdbc.batchUpdate("DELETE FROM staging_deletion WHERE storage_path = ?",
                    keys.stream().map(key -> new Object[] {key}).toList());
            return keys.size();
        });
        return deleted == null ? 0 : deleted;
    }
}
