package io.registry.query.entity;

import io.registry.api.request.ValidVersionId;
import io.registry.api.request.ValidEntityId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.consistency.EntityTags;
import io.registry.api.problem.ApiException;
import io.registry.access.Caller;
import io.registry.api.storage.ObjectStorage;
import io.registry.api.storage.StorageProperties;
import io.registry.api.storage.StoragePaths;
import io.registry.events.EventJson;
import io.registry.query.listing.PackageVersionView;
import io.registry.query.listing.ReadModel;
import io.registry.query.listing.ReadYourWrites;
import io.registry.query.listing.VersionListing;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reading routes of the entity surface. */
@RestController
public class EntityQueryController {

    private static final List<String> ENTITY_FIELDS = List.of("zone_id", "name", "description", "icon_url",
            "owner_type", "organization_id", "store", "publishers", "shared_with", "active_version_id",
            "version_count", "created_by", "created_at");

    private final VersionListing listing;
    private final ReadModel readModel;
    private final ReadYourWrites readYourWrites;
    private final ObjectStorage storage;
    private final StorageProperties storageProperties;

    public EntityQueryController(VersionListing listing, ReadModel readModel, ReadYourWrites readYourWrites,
                                 ObjectStorage storage, StorageProperties storageProperties) {
        this.listing = listing;
        this.readModel = readModel;
        this.readYourWrites = readYourWrites;
        this.storage = storage;
        this.storageProperties = storageProperties;
    }

    @GetMapping("/api/entities/{entityId}")
    public ResponseEntity<ObjectNode> entity(@PathVariable @ValidEntityId String entityId,
                                             @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                             Caller caller) {
        boolean caughtUp = readYourWrites.awaitToken(token, ReadYourWrites.Reads.BY_ID);
        ObjectNode entity = listing.readableEntity(caller, null, entityId);
        ObjectNode view = EventJson.mapper().createObjectNode();
        view.put("id", entityId);
        ENTITY_FIELDS.forEach(field -> view.set(field, entity.get(field)));
        return ReadYourWrites.ok(caughtUp).eTag(EntityTags.etag(entity.path("last_sequence").asLong())).body(view);
    }

    @GetMapping("/api/entities/{entityId}/versions")
    public ResponseEntity<Map<String, Object>> versions(@PathVariable @ValidEntityId String entityId,
                                                        @RequestParam(value = "after", required = false) String after,
                                                        @RequestParam(value = "before", required = false) String before,
                                                        @RequestParam(value = "limit", required = false) Integer limit,
                                                        @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                        Caller caller) {
        boolean caughtUp = readYourWrites.awaitToken(token, ReadYourWrites.Reads.BY_SEARCH);
        ObjectNode entity = listing.readableEntity(caller, null, entityId);
        return ReadYourWrites.ok(caughtUp)
                .body(listing.listing(entity, after, before, limit, PackageVersionView::entityVersion));
    }

    @GetMapping("/api/entities/{entityId}/versions/active")
    public ResponseEntity<ObjectNode> active(@PathVariable @ValidEntityId String entityId,
                                             @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                             Caller caller) {
        boolean caughtUp = readYourWrites.awaitToken(token, ReadYourWrites.Reads.BY_ID);
        ObjectNode entity = listing.readableEntity(caller, null, entityId);
        JsonNode active = entity.get("active_version_id");
        if (active == null || active.isNull()) {
            throw ApiException.notFound("no_active_version", "Entity " + entityId + " has no active version yet.");
        }
        return respond(caughtUp, version(entityId, active.asText()));
    }

    @GetMapping("/api/entities/{entityId}/versions/{versionId}")
    public ResponseEntity<ObjectNode> version(@PathVariable @ValidEntityId String entityId,
                                              @PathVariable @ValidVersionId String versionId,
                                              @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                              Caller caller) {
        boolean caughtUp = readYourWrites.awaitToken(token, ReadYourWrites.Reads.BY_ID);
        listing.readableEntity(caller, null, entityId);
        return respond(caughtUp, version(entityId, versionId));
    }

    /**
     * A signed GET URL for the version's released package (and lockfile, when there is one), with its expiry and
     * the digests a client checks the downloaded bytes against.
     */
    @GetMapping("/api/entities/{entityId}/versions/{versionId}/download")
    public ResponseEntity<Map<String, Object>> download(@PathVariable @ValidEntityId String entityId,
                                                        @PathVariable @ValidVersionId String versionId,
                                                        @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                        Caller caller) {
        boolean caughtUp = readYourWrites.awaitToken(token, ReadYourWrites.Reads.BY_ID);
        listing.readableEntity(caller, null, entityId);
        ObjectNode version = version(entityId, versionId);
        String packageSha256 = textOrNull(version, "package_sha256");
        String lockfileSha256 = textOrNull(version, "lockfile_sha256");
        String lockPath = textOrNull(version, "package_lock_path");
        java.time.Instant expiresAt = java.time.Instant.now().plus(storageProperties.downloadUrlTtl());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", versionId);
        body.put("entity_id", entityId);
        body.put("download_url", signedGet(releasedKey(packageSha256, version.get("storage_path").asText())));
        body.put("lockfile_download_url", lockPath == null ? null : signedGet(releasedKey(lockfileSha256, lockPath)));
        body.put("file_size_bytes", version.get("file_size_bytes").asLong());
        body.put("package_sha256", packageSha256);
        body.put("lockfile_sha256", lockfileSha256);
        body.put("manifest_sha", version.get("manifest_sha").asText());
        body.put("archived", !version.path("archived_at").isNull() && version.has("archived_at"));
        body.put("expires_at", expiresAt.toString());
        return respond(caughtUp, body);
    }

    /**
     * Released bytes live under their digest; a version confirmed before digests existed (no digest) is served from
     * the path it was uploaded to.
     */
    private static String releasedKey(String sha256, String uploadedPath) {
        return sha256 != null ? StoragePaths.releasedBlob(sha256) : uploadedPath;
    }

    private String signedGet(String key) {
        return storage.presignGet(key, storageProperties.downloadUrlTtl()).toString();
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private ObjectNode version(String entityId, String versionId) {
        return readModel.version(entityId, versionId).map(PackageVersionView::entityVersion)
                .orElseThrow(() -> ApiException.notFound("version_not_found",
                        "Entity " + entityId + " has no version " + versionId + "."));
    }

    private static <T> ResponseEntity<T> respond(boolean caughtUp, T body) {
        return ReadYourWrites.ok(caughtUp).body(body);
    }
}
