package io.registry.command.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.access.Caller;
import io.registry.events.ChannelTarget;
import io.registry.events.OwnerType;
import io.registry.events.ReleaseMetadata;
import io.registry.events.RetentionPolicy;
import io.registry.events.Store;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** The commands an entity accepts. Time and observations of storage come in with the command. */
public final class Commands {

    private Commands() {
    }

    public record CreateEntity(@TargetAggregateIdentifier String entityId, String zoneId, String name,
                               String description, String iconUrl, OwnerType ownerType, String organizationId,
                               Store store, Caller caller, Instant at) {
    }

    public record GrantPublisher(@TargetAggregateIdentifier String entityId, String userId, Caller caller, Instant at) {
    }

    public record RevokePublisher(@TargetAggregateIdentifier String entityId, String userId, Caller caller, Instant at) {
    }

    public record ShareEntity(@TargetAggregateIdentifier String entityId, String userId, Caller caller, Instant at) {
    }

    public record UnshareEntity(@TargetAggregateIdentifier String entityId, String userId, Caller caller, Instant at) {
    }

    public record ChangeStore(@TargetAggregateIdentifier String entityId, Store store, Caller caller, Instant at) {
    }

    /** Step 1 of an upload; the storage paths and deadline are chosen by the caller of the command. */
    public record RequestUpload(@TargetAggregateIdentifier String entityId, String versionId, String sourceHash,
                                String baseVersionId, boolean force, String storagePath, String lockfilePath,
                                Instant expiresAt, Caller caller, Instant at) {
    }

    /**
     * Step 2 of an upload: the files as stated and as found in storage, and what the release publishes beside the
     * package.
     */
    public record ConfirmUpload(@TargetAggregateIdentifier String entityId, String versionId, String sourceHash,
                                UploadedFiles files, ReleaseContent content, boolean setAsActive, boolean force,
                                Caller caller, Instant at) {
    }

    /**
     * The package and lockfile of an upload: the paths and size the client states, and what storage holds there.
     * {@code storedSize} is the size of the object staged at {@code storagePath} (null when there is none);
     * {@code packageSha256} the digest of its bytes once they were released (null when they were not: missing or
     * another size); {@code lockfilePath} is null when the client names no lockfile, and {@code lockfileSha256} is
     * the digest of the lockfile stored there (null when none is).
     */
    public record UploadedFiles(String storagePath, long fileSizeBytes, Long storedSize, String packageSha256,
                                String lockfilePath, String lockfileSha256) {
    }

    /** What a release publishes beside the package; a null field means none. */
    public record ReleaseContent(List<String> serviceDependencies, JsonNode packageJson, ReleaseMetadata metadata) {
    }

    public record SetActive(@TargetAggregateIdentifier String entityId, String versionId, Caller caller, Instant at) {
    }

    /**
     * The documented DELETE, by a publisher ({@code retentionPolicy} null), or by the retention job under the entity's
     * policy, which the entity checks is still its policy and still has the version due.
     */
    public record ArchiveVersion(@TargetAggregateIdentifier String entityId, String versionId, Caller caller,
                                 Instant at, RetentionPolicy retentionPolicy) {

        /** A publisher's archive. */
        public ArchiveVersion(String entityId, String versionId, Caller caller, Instant at) {
            this(entityId, versionId, caller, at, null);
        }
    }

    /** Points a channel at one version (weight 100) or splits it between two; checked for shape at the web edge. */
    public record SetChannel(@TargetAggregateIdentifier String entityId, String channel, List<ChannelTarget> targets,
                             Caller caller, Instant at) {
    }

    public record RemoveChannel(@TargetAggregateIdentifier String entityId, String channel, Caller caller, Instant at) {
    }

    public record SetRetentionPolicy(@TargetAggregateIdentifier String entityId, RetentionPolicy policy, Caller caller,
                                     Instant at) {
    }

    /** Sent by the retention job: which versions the entity's policy has due at {@code at}; records nothing. */
    public record PlanRetention(@TargetAggregateIdentifier String entityId, Instant at) {
    }

    /** Sent by the expiry job; a no-op unless the upload is still pending and past its deadline. */
    public record ExpireUpload(@TargetAggregateIdentifier String entityId, String versionId, Instant at) {
    }
}
