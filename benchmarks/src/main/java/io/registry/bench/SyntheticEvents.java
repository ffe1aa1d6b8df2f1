package io.registry.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.api.storage.StoragePaths;
import io.registry.command.domain.Manifest;
import io.registry.events.ActiveVersionChanged;
import io.registry.events.EntityCreated;
import io.registry.events.EntityEvent;
import io.registry.events.EventCatalog;
import io.registry.events.EventJson;
import io.registry.events.EventType;
import io.registry.events.OwnerType;
import io.registry.events.ReleaseMetadata;
import io.registry.events.Store;
import io.registry.events.UploadRequested;
import org.axonframework.common.DateTimeUtils;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Valid event streams written straight into the event store with {@code COPY}, in the exact row shape Axon writes
 * (payload = the contract JSON from {@link EventJson#mapper()}, payload_type = the frozen name, revision "1",
 * meta_data = Axon's JSON of the message metadata, time_stamp = Axon's instant format, type = the aggregate type).
 * Each entity: EntityCreated, then per version UploadRequested + VersionConfirmed (+ ActiveVersionChanged, as a
 * publish with set_as_active records).
 */
final class SyntheticEvents {

    static final String AGGREGATE_TYPE = "PackageEntity";
    private static final ObjectMapper MAPPER = EventJson.mapper();
    private static final HexFormat HEX = HexFormat.of();
    /** Synthetic versions point at one (never downloaded) released blob: only the listing and rebuild figures read them. */
    private static final String SYNTHETIC_PACKAGE_SHA256 =
            "0000000000000000000000000000000000000000000000000000000000000000";

    private final Connection connection;
    private final String table;
    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(1 << 20);
    private long rows;

    SyntheticEvents(Connection connection, String table) throws SQLException {
        this.connection = connection;
        this.table = table;
        connection.setAutoCommit(false);
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table
                + " (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,"
                + " payload_revision, payload_type, time_stamp) FROM STDIN");
    }

    /** Writes one entity's stream; answers the number of events written. */
    long entity(String entityId, String zoneId, int versions, boolean activateEach, Instant start) {
        long sequence = 0;
        Instant at = start;
        append(entityId, sequence++, new EntityCreated(entityId, zoneId, "Package " + entityId, "synthetic package",
                null, OwnerType.CUSTOMER, RegistryClient.ORG, Store.PRIVATE, RegistryClient.USER, at), at);
        String previous = null;
        for (int v = 1; v <= versions; v++) {
            String versionId = VersionIds.of(v);
            at = at.plusMillis(3);
            String hash = "sha256:" + Integer.toHexString(entityId.hashCode()) + "-" + versionId;
            String uploadId = String.format("%016x", (long) entityId.hashCode() << 20 | v);
            String storagePath = StoragePaths.stagingPackagePath(entityId, versionId, uploadId);
            String lockPath = StoragePaths.stagingLockfilePath(entityId, versionId, uploadId);
            append(entityId, sequence++, new UploadRequested(entityId, versionId, hash, null, storagePath, lockPath,
                    true, at.plus(Duration.ofMinutes(15)), RegistryClient.USER, at), at);
            ObjectNode packageJson = MAPPER.createObjectNode().put("name", entityId).put("version", versionId)
                    .put("main", "index.js");
            long size = 1536;
            String packageSha256 = SYNTHETIC_PACKAGE_SHA256;
            ReleaseMetadata release = ReleaseMetadata.empty();
            Manifest manifest = new Manifest(entityId, versionId, hash, null, storagePath, size, packageSha256,
                    null, null, List.of(), packageJson, release);
            at = at.plusMillis(2);
            append(entityId, sequence++, manifest.confirmed(v, RegistryClient.USER, at), at);
            if (activateEach || v == versions) {
                append(entityId, sequence++, new ActiveVersionChanged(entityId, versionId, previous,
                        RegistryClient.USER, at), at);
                previous = versionId;
            }
        }
        return sequence;
    }

    private void append(String aggregateId, long sequence, EntityEvent event, Instant at) {
        try {
            EventType type = EventCatalog.descriptorOf(event.getClass());
            String correlation = UUID.randomUUID().toString();
            byte[] metaData = MAPPER.writeValueAsBytes(java.util.Map.of("traceId", correlation, "correlationId", correlation));
            byte[] payload = MAPPER.writeValueAsBytes(event);
            buffer.append(aggregateId).append('\t')
                    .append(sequence).append('\t')
                    .append(AGGREGATE_TYPE).append('\t')
                    .append(UUID.randomUUID()).append('\t')
                    .append("\\\\x").append(HEX.formatHex(metaData)).append('\t')
                    .append("\\\\x").append(HEX.formatHex(payload)).append('\t')
                    .append(type.revision()).append('\t')
                    .append(type.name()).append('\t')
                    .append(DateTimeUtils.formatInstant(at)).append('\n');
            rows++;
            if (buffer.length() > (1 << 20) - 8192) {
                flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush() {
        if (buffer.length() == 0) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed", e);
        }
        buffer.setLength(0);
    }

    /** Ends the COPY and commits; answers the rows written. */
    long commit() throws SQLException {
        flush();
        copy.endCopy();
        connection.commit();
        return rows;
    }

    static List<String> entityIds(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(String.format("%s-%05d", prefix, i));
        }
        return ids;
    }
}
