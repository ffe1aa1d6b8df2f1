package io.registry.command.web;

import org.springframework.lang.Nullable;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.registry.api.resource.ChannelResource;
import io.registry.api.resource.EntityResource;
import io.registry.api.resource.RetentionResource;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * Response bodies of the entity surface's commands, mapped to their wire names here. In Java, {@code versionId} is a
 * version's id and {@code versionNumber} its number within the entity; both were written {@code version} on the wire
 * by different routes, and still are.
 */
public final class Responses {

    private Responses() {
    }

    /** {@code POST /api/entities}: the entity as {@code GET /api/entities/{id}} shows it, and the consistency token. */
    public record CreatedEntity(@JsonUnwrapped EntityResource entity,
                                @JsonProperty("consistency_token") String consistencyToken) {
    }

    /** {@code POST .../versions/upload-url}, a new upload: signed PUT URLs of the package and the lockfile. */
    @JsonPropertyOrder({"status"})
    public record UploadRequired(@JsonProperty("version") String versionId,
                                 @JsonProperty("upload_url") String uploadUrl,
                                 @JsonProperty("storage_path") String storagePath,
                                 @JsonProperty("lockfile_upload_url") String lockfileUploadUrl,
                                 @JsonProperty("package_lock_path") String packageLockPath,
                                 @JsonProperty("expires_at") Instant expiresAt,
                                 @JsonProperty("consistency_token") String consistencyToken) {

        @JsonProperty("status")
        @Schema(allowableValues = "upload_required")
        public String status() {
            return "upload_required";
        }
    }

    /** {@code POST .../versions/upload-url}, deduplicated: the confirmed version that has the same source hash. */
    @JsonPropertyOrder({"status", "version", "source_hash", "detail", "consistency_token"})
    public record ExistingVersion(@JsonProperty("version") String versionId,
                                  @JsonProperty("source_hash") String sourceHash,
                                  @JsonProperty("consistency_token") String consistencyToken) {

        @JsonProperty("status")
        @Schema(allowableValues = "existing")
        public String status() {
            return "existing";
        }

        @JsonProperty("detail")
        public String detail() {
            return "A confirmed version already has this source_hash; send force=true to upload anyway.";
        }
    }

    /** {@code POST .../versions/confirm}: the version now released, its digests and whether it became active. */
    public record ConfirmedVersion(@JsonProperty("id") String versionId,
                                   @JsonProperty("entity_id") String entityId,
                                   @JsonProperty("version") int versionNumber,
                                   @JsonProperty("manifest_sha") String manifestSha,
                                   @JsonProperty("package_sha256") String packageSha256,
                                   @JsonProperty("lockfile_sha256") @Nullable String lockfileSha256,
                                   @JsonProperty("active") boolean active,
                                   @JsonProperty("consistency_token") String consistencyToken) {
    }

    /** {@code PUT .../store}: the entity's new store visibility. */
    public record StoreChanged(@JsonProperty("store") String store,
                               @JsonProperty("entity_id") String entityId,
                               @JsonProperty("consistency_token") String consistencyToken) {
    }

    /** {@code PUT|DELETE .../publishers/{userId}}: whether the user is a publisher of the entity now. */
    public record PublisherChanged(@JsonProperty("user_id") String userId,
                                   @JsonProperty("publisher") boolean publisher,
                                   @JsonProperty("entity_id") String entityId,
                                   @JsonProperty("consistency_token") String consistencyToken) {
    }

    /** {@code PUT|DELETE .../shares/{userId}}: whether the entity is shared with the user now. */
    public record ShareChanged(@JsonProperty("user_id") String userId,
                               @JsonProperty("shared") boolean shared,
                               @JsonProperty("entity_id") String entityId,
                               @JsonProperty("consistency_token") String consistencyToken) {
    }

    /** {@code PUT .../versions/active}: the entity's active version now. */
    public record ActiveVersionSet(@JsonProperty("active_version_id") String activeVersionId,
                                   @JsonProperty("entity_id") String entityId,
                                   @JsonProperty("consistency_token") String consistencyToken) {
    }

    /** {@code DELETE .../versions/{versionId}}: the version is archived (it stays in listings and history). */
    public record VersionArchived(@JsonProperty("id") String versionId,
                                  @JsonProperty("archived") boolean archived,
                                  @JsonProperty("entity_id") String entityId,
                                  @JsonProperty("consistency_token") String consistencyToken) {
    }

    /** {@code PUT .../channels/{channel}}: the channel as it is now, as {@code GET} shows it. */
    public record ChannelChanged(@JsonUnwrapped ChannelResource channel,
                                 @JsonProperty("consistency_token") String consistencyToken) {
    }

    /** {@code DELETE .../channels/{channel}}: the channel is gone (or never was). */
    public record ChannelDeleted(@JsonProperty("channel") String channel,
                                 @JsonProperty("removed") boolean removed,
                                 @JsonProperty("entity_id") String entityId,
                                 @JsonProperty("consistency_token") String consistencyToken) {
    }

    /** {@code PUT .../retention}: the entity's retention policy now, as {@code GET} shows it. */
    public record RetentionChanged(@JsonUnwrapped RetentionResource policy,
                                   @JsonProperty("consistency_token") String consistencyToken) {
    }
}
