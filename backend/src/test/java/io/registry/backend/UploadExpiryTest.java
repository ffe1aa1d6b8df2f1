package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.storage.ObjectStorage;
import io.registry.command.domain.Commands.ExpireUpload;
import io.registry.command.expiry.PendingUploads;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads requested but never confirmed expire after the (here: short) deadline, and their objects go. */
@TestPropertySource(properties = {
        "registry.s3.upload-url-ttl=PT3S",
        "registry.uploads.expiry-check-interval=PT1S"})
class UploadExpiryTest extends BackendTestSupport {

    @Autowired
    ObjectStorage storage;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandGateway commands;

    @Autowired
    Configuration axon;

    @Test
    void an_expired_upload_is_refused_at_confirm_and_its_objects_are_gone() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("expiring");
        createEntity(alice, entityId, "zone-x", "private");
        JsonNode ticket = call("POST", "/api/entities/" + entityId + "/versions/upload-url", alice,
                Map.of("version", "2024.06.10-153042", "source_hash", "sha256:aa")).json();
        byte[] bytes = {1, 2, 3, 4};
        assertThat(putBytes(ticket.get("upload_url").asText(), bytes)).isEqualTo(200);
        assertThat(putBytes(ticket.get("lockfile_upload_url").asText(), bytes)).isEqualTo(200);
        String storagePath = ticket.get("storage_path").asText();
        assertThat(storage.sizeOf(storagePath)).contains(4L);

        long deadline = System.currentTimeMillis() + 30_000;
        while ((storage.sizeOf(storagePath).isPresent()
                || storage.sizeOf(ticket.get("package_lock_path").asText()).isPresent())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(storage.sizeOf(storagePath)).isEmpty();
        assertThat(storage.sizeOf(ticket.get("package_lock_path").asText())).isEmpty();
        assertThat(jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", String.class, entityId)).endsWith("registry.version.upload-expired");

        Response confirm = call("POST", "/api/entities/" + entityId + "/versions/confirm", alice, Map.of(
                "storage_path", storagePath, "version", "2024.06.10-153042", "source_hash", "sha256:aa",
                "file_size_bytes", 4));
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(410);
        assertThat(confirm.json().get("code").asText()).isEqualTo("upload_expired");
    }

    @Test
    void expiry_never_touches_released_content_even_when_late_or_replayed() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("reexpiring");
        String versionId = "2024.06.10-153042";
        createEntity(alice, entityId, "zone-x", "private");
        JsonNode first = requestUpload(alice, entityId, versionId);
        assertThat(putBytes(first.get("upload_url").asText(), new byte[] {9, 9, 9})).isEqualTo(200);
        awaitGone(first.get("storage_path").asText());

        JsonNode second = requestUpload(alice, entityId, versionId);
        assertThat(second.get("storage_path").asText()).isNotEqualTo(first.get("storage_path").asText());
        byte[] bytes = "the confirmed bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(putBytes(second.get("upload_url").asText(), bytes)).isEqualTo(200);
        Response confirm = call("POST", "/api/entities/" + entityId + "/versions/confirm", alice, Map.of(
                "storage_path", second.get("storage_path").asText(), "version", versionId,
                "source_hash", "sha256:aa", "file_size_bytes", bytes.length));
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(201);
        assertThat(downloadBytes(alice, entityId, versionId, confirm)).isEqualTo(bytes);

        // a late expiry (the job saw the upload as overdue before the confirm) records nothing
        long events = eventCount(entityId);
        commands.sendAndWait(new ExpireUpload(entityId, versionId, java.time.Instant.now().plusSeconds(3600)));
        assertThat(eventCount(entityId)).isEqualTo(events);

        // a replayed expiry (the processor that deletes staging objects reads the whole store again)
        StreamingEventProcessor expiry = axon.eventProcessingConfiguration()
                .eventProcessor(PendingUploads.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
        expiry.shutDown();
        expiry.resetTokens();
        expiry.start();
        long deadline = System.currentTimeMillis() + 60_000;
        Thread.sleep(500);
        while (!expiry.processingStatus().values().stream().allMatch(status -> status.isCaughtUp())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(expiry.processingStatus().values()).allMatch(status -> status.isCaughtUp());
        assertThat(downloadBytes(alice, entityId, versionId, confirm)).isEqualTo(bytes);
    }

    private JsonNode requestUpload(String token, String entityId, String versionId) {
        Response upload = call("POST", "/api/entities/" + entityId + "/versions/upload-url", token,
                Map.of("version", versionId, "source_hash", "sha256:aa"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        return upload.json();
    }

    private void awaitGone(String storagePath) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (storage.sizeOf(storagePath).isPresent() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(storage.sizeOf(storagePath)).as("expired staging object").isEmpty();
    }

    private byte[] downloadBytes(String token, String entityId, String versionId, Response after) throws Exception {
        Response download = call("GET", "/api/entities/" + entityId + "/versions/" + versionId + "/download", token,
                null, Map.of("X-Consistency-Token", after.json().get("consistency_token").asText()));
        assertThat(download.status()).as(download.body()).isEqualTo(200);
        return ReleasedContentTest.get(download.json().get("download_url").asText());
    }

    private long eventCount(String entityId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, entityId);
    }
}
