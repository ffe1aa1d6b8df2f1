package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.storage.ObjectStorage;
import io.registry.api.storage.StoragePaths;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Released bytes never change: an upload URL writes only to a staging object; confirm digests what it reads and
 * releases exactly those bytes under a key no URL handed out can write. Over HTTP, as a client (or an attacker
 * holding an old upload URL) would.
 */
class ReleasedContentTest extends BackendTestSupport {

    @Autowired
    ObjectStorage storage;

    @Test
    void a_second_put_to_the_upload_url_after_confirm_changes_nothing_a_download_returns() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("immutable");
        createEntity(alice, entityId, "zone-r", "private");
        JsonNode ticket = requestUpload(alice, entityId, "2024.06.10-153042");
        byte[] released = "the released package".getBytes(StandardCharsets.UTF_8);
        byte[] lockfile = "{\"lockfileVersion\": 3}".getBytes(StandardCharsets.UTF_8);
        assertThat(putBytes(ticket.get("upload_url").asText(), released)).isEqualTo(200);
        assertThat(putBytes(ticket.get("lockfile_upload_url").asText(), lockfile)).isEqualTo(200);

        Response confirm = confirm(alice, entityId, ticket, released.length, true);
        assertThat(confirm.status()).as(confirm.body()).isEqualTo(201);
        assertThat(confirm.json().get("package_sha256").asText()).isEqualTo(sha256(released));
        assertThat(confirm.json().get("lockfile_sha256").asText()).isEqualTo(sha256(lockfile));

        // The old URLs still accept a PUT (they are valid for their TTL), but only ever reach staging.
        byte[] swapped = "a swapped package!!!".getBytes(StandardCharsets.UTF_8);
        assertThat(swapped).hasSameSizeAs(released);
        putBytes(ticket.get("upload_url").asText(), swapped);
        putBytes(ticket.get("lockfile_upload_url").asText(), "{}".getBytes(StandardCharsets.UTF_8));

        Response download = call("GET", "/api/entities/" + entityId + "/versions/2024.06.10-153042/download", alice,
                null, Map.of("X-Consistency-Token", confirm.json().get("consistency_token").asText()));
        assertThat(download.status()).as(download.body()).isEqualTo(200);
        byte[] downloaded = get(download.json().get("download_url").asText());
        assertThat(downloaded).isEqualTo(released);
        assertThat(download.json().get("package_sha256").asText()).isEqualTo(sha256(downloaded));
        byte[] downloadedLockfile = get(download.json().get("lockfile_download_url").asText());
        assertThat(downloadedLockfile).isEqualTo(lockfile);
        assertThat(download.json().get("lockfile_sha256").asText()).isEqualTo(sha256(downloadedLockfile));

        JsonNode version = call("GET", "/api/entities/" + entityId + "/versions/2024.06.10-153042", alice, null).json();
        assertThat(version.get("package_sha256").asText()).isEqualTo(sha256(released));
        assertThat(version.get("lockfile_sha256").asText()).isEqualTo(sha256(lockfile));
        // A second confirm, now of the swapped bytes, is refused and changes nothing either.
        Response again = confirm(alice, entityId, ticket, swapped.length, true);
        assertThat(again.status()).isEqualTo(409);
        assertThat(get(download.json().get("download_url").asText())).isEqualTo(released);
    }

    @Test
    void released_bytes_are_stored_content_addressed_and_the_staging_objects_go_away() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("addressed");
        createEntity(alice, entityId, "zone-r", "private");
        byte[] bytes = ("package of " + entityId).getBytes(StandardCharsets.UTF_8);
        JsonNode ticket = requestUpload(alice, entityId, "2024.06.10-153042");
        assertThat(ticket.get("storage_path").asText()).startsWith("uploads/" + entityId + "/2024.06.10-153042/");
        assertThat(putBytes(ticket.get("upload_url").asText(), bytes)).isEqualTo(200);

        Response confirm = confirm(alice, entityId, ticket, bytes.length, false);

        assertThat(confirm.status()).as(confirm.body()).isEqualTo(201);
        assertThat(storage.sizeOf(StoragePaths.releasedBlob(sha256(bytes)))).contains((long) bytes.length);
        long deadline = System.currentTimeMillis() + 30_000;
        while (storage.sizeOf(ticket.get("storage_path").asText()).isPresent() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(storage.sizeOf(ticket.get("storage_path").asText())).as("staging object after confirm").isEmpty();
    }

    @Test
    void identical_packages_of_two_versions_share_one_blob_and_each_downloads_its_bytes() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("shared-blob");
        createEntity(alice, entityId, "zone-r", "private");
        byte[] bytes = "same bytes".getBytes(StandardCharsets.UTF_8);
        for (String versionId : new String[] {"2024.06.10-153042", "2024.06.11-153042"}) {
            JsonNode ticket = requestUpload(alice, entityId, versionId);
            putBytes(ticket.get("upload_url").asText(), bytes);
            Response confirm = confirm(alice, entityId, ticket, bytes.length, false);
            assertThat(confirm.status()).as(confirm.body()).isEqualTo(201);
            Response download = call("GET", "/api/entities/" + entityId + "/versions/" + versionId + "/download", alice,
                    null, Map.of("X-Consistency-Token", confirm.json().get("consistency_token").asText()));
            assertThat(get(download.json().get("download_url").asText())).isEqualTo(bytes);
            assertThat(download.json().get("lockfile_download_url").isNull()).isTrue();
            assertThat(download.json().get("lockfile_sha256").isNull()).isTrue();
        }
    }

    @Test
    void a_confirm_stating_another_size_than_the_staged_object_releases_nothing() throws Exception {
        String alice = token("alice", "acme");
        String entityId = uniqueId("wrong-size");
        createEntity(alice, entityId, "zone-r", "private");
        byte[] bytes = ("bytes of " + entityId).getBytes(StandardCharsets.UTF_8);
        JsonNode ticket = requestUpload(alice, entityId, "2024.06.10-153042");
        putBytes(ticket.get("upload_url").asText(), bytes);

        Response confirm = confirm(alice, entityId, ticket, bytes.length - 1, false);

        assertThat(confirm.status()).isEqualTo(400);
        assertThat(confirm.json().get("code").asText()).isEqualTo("file_size_mismatch");
        assertThat(storage.sizeOf(StoragePaths.releasedBlob(sha256(bytes)))).isEmpty();
    }

    private JsonNode requestUpload(String token, String entityId, String versionId) {
        Response upload = call("POST", "/api/entities/" + entityId + "/versions/upload-url", token,
                Map.of("version", versionId, "source_hash", "sha256:" + entityId + versionId));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        return upload.json();
    }

    private Response confirm(String token, String entityId, JsonNode ticket, long size, boolean withLockfile) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "storage_path", ticket.get("storage_path").asText(),
                "version", ticket.get("version").asText(),
                "source_hash", "sha256:" + entityId + ticket.get("version").asText(),
                "file_size_bytes", size));
        if (withLockfile) {
            body.put("package_lock_path", ticket.get("package_lock_path").asText());
        }
        return call("POST", "/api/entities/" + entityId + "/versions/confirm", token, body);
    }

    static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
        return response.body();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
