package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.storage.ObjectStorage;
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
}
