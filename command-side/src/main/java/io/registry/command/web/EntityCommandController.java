package io.registry.command.web;

import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.consistency.EntityTags;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.api.resource.ChannelResource;
import io.registry.api.resource.EntityResource;
import io.registry.api.resource.RetentionResource;
import io.registry.access.Caller;
import io.registry.command.domain.Commands.ArchiveVersion;
import io.registry.command.domain.Commands.ChangeStore;
import io.registry.command.domain.Commands.ConfirmUpload;
import io.registry.command.domain.Commands.CreateEntity;
import io.registry.command.domain.Commands.GrantPublisher;
import io.registry.command.domain.Commands.ReleaseContent;
import io.registry.command.domain.Commands.RequestUpload;
import io.registry.command.domain.Commands.RevokePublisher;
import io.registry.command.domain.Commands.RemoveChannel;
import io.registry.command.domain.Commands.SetActive;
import io.registry.command.domain.Commands.SetChannel;
import io.registry.command.domain.Commands.SetRetentionPolicy;
import io.registry.command.domain.Commands.ShareEntity;
import io.registry.command.domain.Commands.UnshareEntity;
import io.registry.command.domain.Commands.UploadedFiles;
import io.registry.command.domain.Results.Confirmed;
import io.registry.command.domain.Results.Done;
import io.registry.command.domain.Results.UploadTicket;
import io.registry.command.release.ReleaseChecks;
import io.registry.release.SubmittedRelease;
import io.registry.api.request.ValidChannelName;
import io.registry.api.request.ValidEntityId;
import io.registry.api.request.ValidUserId;
import io.registry.api.request.ValidVersionId;
import io.registry.api.storage.ObjectStorage;
import io.registry.api.storage.StagedUpload;
import io.registry.api.storage.StoragePaths;
import io.registry.api.storage.StorageProperties;
import io.registry.command.web.Requests.ChangeStoreRequest;
import io.registry.command.web.Requests.ConfirmRequest;
import io.registry.command.web.Requests.CreateEntityRequest;
import io.registry.command.web.Requests.RetentionRequest;
import io.registry.command.web.Requests.SetActiveRequest;
import io.registry.command.web.Requests.SetChannelRequest;
import io.registry.command.web.Requests.UploadUrlRequest;
import io.registry.command.web.Responses.ActiveVersionSet;
import io.registry.command.web.Responses.ChannelChanged;
import io.registry.command.web.Responses.ChannelDeleted;
import io.registry.command.web.Responses.RetentionChanged;
import io.registry.command.web.Responses.ConfirmedVersion;
import io.registry.command.web.Responses.CreatedEntity;
import io.registry.command.web.Responses.ExistingVersion;
import io.registry.command.web.Responses.PublisherChanged;
import io.registry.command.web.Responses.ShareChanged;
import io.registry.command.web.Responses.StoreChanged;
import io.registry.command.web.Responses.UploadRequired;
import io.registry.command.web.Responses.VersionArchived;
import io.registry.events.ChannelTarget;
import io.registry.events.OwnerType;
import io.registry.events.ReleaseMetadata;
import io.registry.events.Store;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import io.registry.command.domain.PackageEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The mutating routes of the entity surface. Reads are served by the query side. */
@RestController
@RequestMapping("/api/entities")
public class EntityCommandController {

    private static final java.security.SecureRandom UPLOAD_IDS = new java.security.SecureRandom();

    private final CommandGateway commands;
    private final ObjectStorage storage;
    private final StorageProperties storageProperties;
    private final ReleaseChecks releaseChecks;
    private final Clock clock;

    public EntityCommandController(CommandGateway commands, ObjectStorage storage, StorageProperties storageProperties,
                                   ReleaseChecks releaseChecks, Clock clock) {
        this.commands = commands;
        this.storage = storage;
        this.storageProperties = storageProperties;
        this.releaseChecks = releaseChecks;
        this.clock = clock;
    }

    @PostMapping
    public ResponseEntity<CreatedEntity> create(@Valid @RequestBody CreateEntityRequest request, Caller caller) {
        OwnerType ownerType = request.ownerType() == null ? OwnerType.CUSTOMER : OwnerType.fromWireName(request.ownerType());
        Store store = request.store() == null ? Store.PRIVATE : Store.fromWireName(request.store());
        String organization = request.organizationId() != null ? request.organizationId() : caller.organizationId();
        if (organization == null) {
            throw ApiException.badRequest(List.of(new FieldViolation("organization_id", "required",
                    "is required when the token carries no org claim")));
        }
        Instant now = clock.instant();
        commands.sendAndWait(new CreateEntity(request.id(), request.zoneId(), request.name(), request.description(),
                request.iconUrl(), ownerType, organization, store, caller, now));
        String token = new ConsistencyToken(request.id(), 0).encode();
        EntityResource created = EntityResource.created(request.id(), request.zoneId(), request.name(),
                request.description(), request.iconUrl(), ownerType, organization, store, caller.userId(), now);
        return ResponseEntity.created(URI.create("/api/entities/" + request.id()))
                .header(ConsistencyToken.HEADER, token).eTag(etag(0)).body(new CreatedEntity(created, token));
    }

    @PutMapping("/{entityId}/store")
    public ResponseEntity<StoreChanged> changeStore(@PathVariable @ValidEntityId String entityId,
                                                           @Valid @RequestBody ChangeStoreRequest request,
                                                           Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Done done = send(ifMatch, new ChangeStore(entityId, Store.fromWireName(request.store()), caller,
                clock.instant()));
        String token = token(done);
        return ok(done, token).body(new StoreChanged(request.store(), done.entityId(), token));
    }

    @PutMapping("/{entityId}/publishers/{userId}")
    public ResponseEntity<PublisherChanged> grantPublisher(@PathVariable @ValidEntityId String entityId,
                                                              @PathVariable @ValidUserId String userId,
                                                              Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Done done = send(ifMatch, new GrantPublisher(entityId, userId, caller, clock.instant()));
        String token = token(done);
        return ok(done, token).body(new PublisherChanged(userId, true, done.entityId(), token));
    }

    @DeleteMapping("/{entityId}/publishers/{userId}")
    public ResponseEntity<PublisherChanged> revokePublisher(@PathVariable @ValidEntityId String entityId,
                                                               @PathVariable @ValidUserId String userId,
                                                               Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Done done = send(ifMatch, new RevokePublisher(entityId, userId, caller, clock.instant()));
        String token = token(done);
        return ok(done, token).body(new PublisherChanged(userId, false, done.entityId(), token));
    }

    @PutMapping("/{entityId}/shares/{userId}")
    public ResponseEntity<ShareChanged> share(@PathVariable @ValidEntityId String entityId,
                                                     @PathVariable @ValidUserId String userId,
                                                     Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Done done = send(ifMatch, new ShareEntity(entityId, userId, caller, clock.instant()));
        String token = token(done);
        return ok(done, token).body(new ShareChanged(userId, true, done.entityId(), token));
    }

    @DeleteMapping("/{entityId}/shares/{userId}")
    public ResponseEntity<ShareChanged> unshare(@PathVariable @ValidEntityId String entityId,
                                                       @PathVariable @ValidUserId String userId,
                                                       Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Done done = send(ifMatch, new UnshareEntity(entityId, userId, caller, clock.instant()));
        String token = token(done);
        return ok(done, token).body(new ShareChanged(userId, false, done.entityId(), token));
    }

    @PostMapping("/{entityId}/versions/upload-url")
    @ApiResponse(responseCode = "201", description = "A new upload: signed PUT URLs of the package and the lockfile",
            content = @Content(schema = @Schema(implementation = UploadRequired.class)))
    @ApiResponse(responseCode = "200", description = "A confirmed version already has this source_hash (and force is"
            + " not true): that version; nothing is recorded and no URL issued",
            content = @Content(schema = @Schema(implementation = ExistingVersion.class)))
    public ResponseEntity<Object> requestUpload(@PathVariable @ValidEntityId String entityId,
                                                             @Valid @RequestBody UploadUrlRequest request,
                                                             Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(storageProperties.uploadUrlTtl());
        String uploadId = newUploadId();
        String versionId = request.versionId();
        UploadTicket ticket = send(ifMatch, new RequestUpload(entityId, versionId, request.sourceHash(),
                request.baseVersionId(), Boolean.TRUE.equals(request.force()),
                StoragePaths.stagingPackagePath(entityId, versionId, uploadId),
                StoragePaths.stagingLockfilePath(entityId, versionId, uploadId), expiresAt, caller, now));
        String token = new ConsistencyToken(entityId, ticket.sequence()).encode();
        if (ticket.deduplicated()) {
            return ResponseEntity.ok().header(ConsistencyToken.HEADER, token)
                    .body(new ExistingVersion(ticket.existingVersionId(), request.sourceHash(), token));
        }
        return ResponseEntity.status(HttpStatus.CREATED).header(ConsistencyToken.HEADER, token)
                .eTag(etag(ticket.sequence())).body(new UploadRequired(ticket.versionId(),
                        storage.presignPut(ticket.storagePath(), storageProperties.uploadUrlTtl()).toString(),
                        ticket.storagePath(),
                        storage.presignPut(ticket.lockfilePath(), storageProperties.uploadUrlTtl()).toString(),
                        ticket.lockfilePath(), ticket.expiresAt(), token));
    }

    @PostMapping("/{entityId}/versions/confirm")
    public ResponseEntity<ConfirmedVersion> confirm(@PathVariable @ValidEntityId String entityId,
                                                       @Valid @RequestBody ConfirmRequest request, Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        ReleaseMetadata release = releaseChecks.releaseMetadata(request.description(), request.iconUrl(),
                request.packageJson(), new SubmittedRelease(request.inputs(), request.outputs(), request.links(),
                        request.properties(), request.tags()));
        String lockfilePath = request.lockfilePath();
        requireIssuedShape(entityId, request.versionId(), request.storagePath(), lockfilePath);
        // Released before the entity decides: the bytes are digested and stored content-addressed now, so the
        // digest the event records is the digest of exactly what downloads will serve, whatever is PUT later.
        StagedUpload pkg = storage.release(request.storagePath(), request.fileSizeBytes());
        StagedUpload lockfile = lockfilePath == null ? StagedUpload.MISSING : storage.releaseAnySize(lockfilePath);
        Confirmed confirmed = send(ifMatch, new ConfirmUpload(entityId, request.versionId(), request.sourceHash(),
                new UploadedFiles(request.storagePath(), request.fileSizeBytes(), pkg.storedSize(), pkg.sha256(),
                        lockfilePath, lockfile.sha256()),
                new ReleaseContent(request.serviceDependencies(), request.packageJson(), release),
                Boolean.TRUE.equals(request.setAsActive()), Boolean.TRUE.equals(request.force()), caller,
                clock.instant()));
        String token = new ConsistencyToken(entityId, confirmed.sequence()).encode();
        return ResponseEntity.created(URI.create("/api/entities/" + entityId + "/versions/" + confirmed.versionId()))
                .header(ConsistencyToken.HEADER, token).eTag(etag(confirmed.sequence()))
                .body(new ConfirmedVersion(confirmed.versionId(), entityId, confirmed.versionNumber(),
                        confirmed.manifestSha(), confirmed.packageSha256(), confirmed.lockfileSha256(),
                        confirmed.active(), token));
    }

    @PutMapping("/{entityId}/versions/active")
    public ResponseEntity<ActiveVersionSet> setActive(@PathVariable @ValidEntityId String entityId,
                                                         @Valid @RequestBody SetActiveRequest request, Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        String versionId = request.versionId();
        Done done = send(ifMatch, new SetActive(entityId, versionId, caller, clock.instant()));
        String token = token(done);
        return ok(done, token).body(new ActiveVersionSet(versionId, done.entityId(), token));
    }

    @DeleteMapping("/{entityId}/versions/{versionId}")
    public ResponseEntity<VersionArchived> archive(@PathVariable @ValidEntityId String entityId,
                                                       @PathVariable @ValidVersionId String versionId,
                                                       Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Done done = send(ifMatch, new ArchiveVersion(entityId, versionId, caller, clock.instant()));
        String token = token(done);
        return ok(done, token).body(new VersionArchived(versionId, true, done.entityId(), token));
    }

    @PutMapping("/{entityId}/channels/{channel}")
    public ResponseEntity<ChannelChanged> setChannel(@PathVariable @ValidEntityId String entityId,
                                                     @PathVariable @ValidChannelName String channel,
                                                     @Valid @RequestBody SetChannelRequest request, Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        List<ChannelTarget> targets = request.targets();
        Done done = send(ifMatch, new SetChannel(entityId, channel, targets, caller, clock.instant()));
        String token = token(done);
        return ok(done, token).body(new ChannelChanged(
                new ChannelResource(done.entityId(), channel, ChannelTarget.canonical(targets)), token));
    }

    @DeleteMapping("/{entityId}/channels/{channel}")
    public ResponseEntity<ChannelDeleted> removeChannel(@PathVariable @ValidEntityId String entityId,
                                                        @PathVariable @ValidChannelName String channel, Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Done done = send(ifMatch, new RemoveChannel(entityId, channel, caller, clock.instant()));
        String token = token(done);
        return ok(done, token).body(new ChannelDeleted(channel, true, done.entityId(), token));
    }

    @PutMapping("/{entityId}/retention")
    public ResponseEntity<RetentionChanged> setRetention(@PathVariable @ValidEntityId String entityId,
                                                         @Valid @RequestBody RetentionRequest request, Caller caller,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Done done = send(ifMatch, new SetRetentionPolicy(entityId, request.policy(), caller, clock.instant()));
        String token = token(done);
        return ok(done, token).body(new RetentionChanged(RetentionResource.of(done.entityId(), request.policy()),
                token));
    }

    private static String token(Done done) {
        return new ConsistencyToken(done.entityId(), done.sequence()).encode();
    }

    /** A 200 of a command on an existing entity: its consistency token and ETag as headers. */
    private static ResponseEntity.BodyBuilder ok(Done done, String token) {
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token).eTag(etag(done.sequence()));
    }

    /** Sends a command on an existing entity, with the sequence from If-Match when the client sent one. */
    private <R> R send(String ifMatch, Object command) {
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command);
        Long expected = EntityTags.parseIfMatch(ifMatch);
        if (expected != null) {
            message = message.andMetaData(Map.of(PackageEntity.EXPECTED_SEQUENCE, expected));
        }
        return commands.sendAndWait(message);
    }

    /**
     * Confirm only ever reads keys that upload-url issues for this entity and version: anything else (another
     * entity's keys, released blobs, traversal, control characters) is refused before storage is touched.
     */
    private static void requireIssuedShape(String entityId, String versionId, String storagePath, String lockfilePath) {
        List<FieldViolation> violations = new java.util.ArrayList<>();
        if (!StoragePaths.isIssuedShape(storagePath, entityId, versionId, StoragePaths.PACKAGE_FILE)) {
            violations.add(new FieldViolation("storage_path", "invalid_format",
                    "must be the storage_path that upload-url issued for version " + versionId + " of " + entityId));
        }
        if (lockfilePath != null && !StoragePaths.isIssuedShape(lockfilePath, entityId, versionId, StoragePaths.LOCKFILE_FILE)) {
            violations.add(new FieldViolation("package_lock_path", "invalid_format",
                    "must be the package_lock_path that upload-url issued for version " + versionId + " of " + entityId));
        }
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
    }

    /** The random folder of one upload request: a late expiry of an earlier request can never touch it. */
    private static String newUploadId() {
        byte[] id = new byte[16];
        UPLOAD_IDS.nextBytes(id);
        return java.util.HexFormat.of().formatHex(id);
    }

    static String etag(long sequence) {
        return EntityTags.etag(sequence);
    }

}
