package io.registry.command.expiry;

import io.registry.api.storage.StoragePaths;
import io.registry.events.UploadExpired;
import io.registry.events.UploadRequested;
import io.registry.events.VersionConfirmed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command side's read model of uploads requested and not yet confirmed ({@code pending_upload}),
 * kept by its own tracking processor. Staging objects are queued for deletion here ({@code staging_deletion}, in the
 * same transaction as the processor's progress), once the fact that makes them useless is recorded: an upload
 * confirmed (its bytes were released to a content-addressed key), expired, or requested again (a new staging folder).
 * {@link StagingSweeper} deletes what is queued. Only staging keys are ever queued, never released content, and
 * deleting a missing object is harmless, so a replay is safe.
 */
@ProcessingGroup(PendingUploads.PROCESSING_GROUP)
public class PendingUploads {

    public static final String PROCESSING_GROUP = "upload-expiry";
    private static final String STAGING_TO_DELETE = PendingUploads.class.getName() + ".stagingToDelete";

    private final JdbcTemplate jdbc;

    public PendingUploads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UploadRequested event) {
        jdbc.query("SELECT storage_path, lockfile_path FROM pending_upload WHERE entity_id = ? AND version_id = ?",
                rs -> {
                    deleteStaging(rs.getString(1), event.storagePath());
                    deleteStaging(rs.getString(2), event.lockfilePath());
                }, event.entityId(), event.versionId());
        jdbc.update("INSERT INTO pending_upload (entity_id, version_id, storage_path, lockfile_path, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (entity_id, version_id) DO UPDATE SET "
                        + "storage_path = EXCLUDED.storage_path, lockfile_path = EXCLUDED.lockfile_path, "
                        + "expires_at = EXCLUDED.expires_at",
                event.entityId(), event.versionId(), event.storagePath(), event.lockfilePath(),
                Timestamp.from(event.expiresAt()));
    }

    @EventHandler
    void on(VersionConfirmed event) {
        if (event.packageSha256() != null) {
            deleteStaging(event.storagePath(), null);
            deleteStaging(event.packageLockPath(), null);
        }
        jdbc.update("DELETE FROM pending_upload WHERE entity_id = ? AND version_id = ?",
                event.entityId(), event.versionId());
    }

    @EventHandler
    void on(UploadExpired event) {
        deleteStaging(event.storagePath(), null);
        deleteStaging(event.lockfilePath(), null);
        jdbc.update("DELETE FROM pending_upload WHERE entity_id = ? AND version_id = ?",
                event.entityId(), event.versionId());
    }

    /**
     * Queues {@code path} for deletion when it is a staging key other than {@code keep}: with the other keys of the
     * batch of events being handled, in one statement before the batch's progress is committed (in its transaction);
     * at once outside a batch.
     */
    private void deleteStaging(String path, String keep) {
        if (!StoragePaths.isStaging(path) || path.equals(keep)) {
            return;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            queue(List.of(path));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        unitOfWork.getOrComputeResource(STAGING_TO_DELETE, key -> {
            Set<String> keys = new LinkedHashSet<>();
            unitOfWork.onPrepareCommit(u -> queue(keys));
            return keys;
        }).add(path);
    }

    private void queue(java.util.Collection<String> keys) {
        jdbc.batchUpdate("INSERT INTO staging_deletion (storage_path) VALUES (?) ON CONFLICT (storage_path) DO NOTHING",
                keys.stream().map(key -> new Object[] {key}).toList());
    }
}
