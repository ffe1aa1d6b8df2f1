package io.registry.query.entity;

import io.registry.access.Caller;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.consistency.EntityTags;
import io.registry.api.paging.Page;
import io.registry.api.problem.ApiException;
import io.registry.api.request.ValidEntityId;
import io.registry.api.request.ValidVersionId;
import io.registry.api.resource.EntityResource;
import io.registry.api.storage.ObjectStorage;
import io.registry.api.storage.StorageProperties;
import io.registry.query.listing.VersionListing;
import io.registry.query.read.EntityReads.OpenedEntity;
import io.registry.query.read.EntityReads;
import io.registry.query.read.ReadYourWrites.Reads;
import io.registry.query.readmodel.EntityDocument;
import io.registry.query.readmodel.VersionDocument;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** The reading routes of the entity surface. */
@RestController
public class EntityQueryController {

    private final EntityReads reads;
    private final VersionListing listing;
    private final ObjectStorage storage;
    private final StorageProperties storageProperties;

    public EntityQueryController(EntityReads reads, VersionListing listing, ObjectStorage storage,
                                 StorageProperties storageProperties) {
        this.reads = reads;
        this.listing = listing;
        this.storage = storage;
        this.storageProperties = storageProperties;
    }

    @GetMapping("/api/entities/{entityId}")
    public ResponseEntity<EntityResource> entity(@PathVariable @ValidEntityId String entityId,
                                                 @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                 Caller caller) {
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        EntityDocument entity = read.entity();
        return read.ok().eTag(EntityTags.etag(entity.lastSequence())).body(entity.toResource());
    }

    @GetMapping("/api/entities/{entityId}/versions")
    public ResponseEntity<Page<VersionResource>> versions(@PathVariable @ValidEntityId String entityId,
                                                          @RequestParam(value = "after", required = false) String after,
                                                          @RequestParam(value = "before", required = false) String before,
                                                          @RequestParam(value = "limit", required = false) Integer limit,
                                                          @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                          Caller caller) {
        return listing.respond(entityId, token, () -> reads.open(caller, entityId, token, Reads.BY_SEARCH), after,
                before, limit, VersionResource::of);
    }

    @GetMapping("/api/entities/{entityId}/versions/active")
    public ResponseEntity<VersionResource> active(@PathVariable @ValidEntityId String entityId,
                                                  @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                  Caller caller) {
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        String active = read.entity().activeVersionId();
        if (active == null) {
            throw ApiException.notFound("no_active_version", "Entity " + entityId + " has no active version yet.");
        }
        return read.respond(VersionResource.of(reads.version(read.entity(), active)));
    }

    @GetMapping("/api/entities/{entityId}/versions/{versionId}")
    public ResponseEntity<VersionResource> version(@PathVariable @ValidEntityId String entityId,
                                                   @PathVariable @ValidVersionId String versionId,
                                                   @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                   Caller caller) {
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        return read.respond(VersionResource.of(reads.version(read.entity(), versionId)));
    }

    /**
     * A signed GET URL for the version's released package (and lockfile, when there is one), with its expiry and
     * the digests a client checks the downloaded bytes against.
     */
    @GetMapping("/api/entities/{entityId}/versions/{versionId}/download")
    public ResponseEntity<VersionDownload> download(@PathVariable @ValidEntityId String entityId,
                                                    @PathVariable @ValidVersionId String versionId,
                                                    @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                                    Caller caller) {
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        VersionDocument version = reads.version(read.entity(), versionId);
        Instant expiresAt = Instant.now().plus(storageProperties.downloadUrlTtl());
        String lockfileKey = version.releasedLockfileKey();
        return read.respond(VersionDownload.of(version, signedGet(version.releasedPackageKey()),
                lockfileKey == null ? null : signedGet(lockfileKey), expiresAt));
    }

    private String signedGet(String key) {
        return storage.presignGet(key, storageProperties.downloadUrlTtl()).toString();
    }
}
