package io.registry.command.domain;

import io.registry.access.AccessPolicy;
import io.registry.access.Caller;
import io.registry.access.EntityAccess;
import io.registry.command.domain.Commands.ArchiveVersion;
import io.registry.command.domain.Commands.ChangeStore;
import io.registry.command.domain.Commands.ConfirmUpload;
import io.registry.command.domain.Commands.CreateEntity;
import io.registry.command.domain.Commands.ExpireUpload;
import io.registry.command.domain.Commands.GrantPublisher;
import io.registry.command.domain.Commands.RequestUpload;
import io.registry.command.domain.Commands.RevokePublisher;
import io.registry.command.domain.Commands.PlanRetention;
import io.registry.command.domain.Commands.RemoveChannel;
import io.registry.command.domain.Commands.SetActive;
import io.registry.command.domain.Commands.SetChannel;
import io.registry.command.domain.Commands.SetRetentionPolicy;
import io.registry.command.domain.Commands.ShareEntity;
import io.registry.command.domain.Commands.UnshareEntity;
import io.registry.command.domain.Rejection.Kind;
import io.registry.command.domain.Results.Confirmed;
import io.registry.command.domain.Results.Done;
import io.registry.command.domain.Results.RetentionPlan;
import io.registry.command.domain.Results.UploadTicket;
import io.registry.events.ActiveVersionChanged;
import io.registry.events.ChannelName;
import io.registry.events.ChannelRemoved;
import io.registry.events.ChannelSet;
import io.registry.events.ChannelTarget;
import io.registry.events.EntityCreated;
import io.registry.events.EntityEvent;
import io.registry.events.EntityShared;
import io.registry.events.EntityUnshared;
import io.registry.events.OwnerType;
import io.registry.events.PublisherGranted;
import io.registry.events.PublisherRevoked;
import io.registry.events.RetentionPolicy;
import io.registry.events.RetentionPolicySet;
import io.registry.events.Store;
import io.registry.events.StoreChanged;
import io.registry.events.UploadExpired;
import io.registry.events.UploadRequested;
import io.registry.events.VersionArchived;
import io.registry.events.VersionConfirmed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateRoot;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One entity (package) and all its versions: the consistency boundary that makes version ids, version
 * numbers and the active version unique. Command handlers check and apply; event-sourcing handlers only
 * assign. Registered with Axon (cache, snapshots) in {@code CommandSideConfiguration}. The field names are the
 * shape of stored snapshots: change them only with a new snapshot {@link Revision} (snapshots of another revision are
 * ignored and the entity is replayed from its events). Revision 2: channels, the retention policy, and each version's
 * number and confirmation time.
 */
@AggregateRoot
@Revision("2")
public class PackageEntity {

    /** Command metadata key: the entity sequence the client expects (from If-Match), optional. */
    public static final String EXPECTED_SEQUENCE = "expectedSequence";

    private static final RetentionPolicy NO_RETENTION = new RetentionPolicy(null, null);

    @AggregateIdentifier
    private String entityId;
    private String zoneId;
    private OwnerType ownerType;
    private String organizationId;
    private Store store;
    private Set<String> publishers = new HashSet<>();
    private Set<String> sharedWith = new HashSet<>();
    private Map<String, VersionRecord> versions = new HashMap<>();
    private Map<String, String> confirmedBySourceHash = new HashMap<>();
    private String activeVersionId;
    /** Each channel's targets, by channel name. */
    private Map<String, List<ChannelTarget>> channels = new TreeMap<>();
    private RetentionPolicy retentionPolicy = NO_RETENTION;
    private int confirmedCount;
    private long lastSequence;

    protected PackageEntity() {
        // for Axon
    }

    @CommandHandler
    public PackageEntity(CreateEntity command) {
        if (!AccessPolicy.canCreateFor(command.caller(), command.organizationId())) {
            throw new Rejection(Kind.FORBIDDEN, "foreign_organization",
                    "Only an admin may create an entity for another organization than the token's org.");
        }
        if (!AccessPolicy.canCreate(command.caller(), command.ownerType())) {
            throw new Rejection(Kind.FORBIDDEN, "admin_role_required",
                    "Only a platform admin may create a platform entity.", "owner_type");
        }
        apply(new EntityCreated(command.entityId(), command.zoneId(), command.name(), command.description(),
                command.iconUrl(), command.ownerType(), command.organizationId(), command.store(),
                command.caller().userId(), command.at()));
    }

    @CommandHandler
    public Done handle(GrantPublisher command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        if (!publishers.contains(command.userId())) {
            apply(new PublisherGranted(entityId, command.userId(), command.caller().userId(), command.at()));
        }
        return done();
    }

    @CommandHandler
    public Done handle(RevokePublisher command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        if (publishers.contains(command.userId())) {
            if (publishers.size() == 1) {
                throw new Rejection(Kind.CONFLICT, "last_publisher",
                        "User " + command.userId() + " is the last publisher of " + entityId
                                + "; grant another publisher first.");
            }
            apply(new PublisherRevoked(entityId, command.userId(), command.caller().userId(), command.at()));
        }
        return done();
    }

    @CommandHandler
    public Done handle(ShareEntity command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        if (!sharedWith.contains(command.userId())) {
            apply(new EntityShared(entityId, command.userId(), command.caller().userId(), command.at()));
        }
        return done();
    }

    @CommandHandler
    public Done handle(UnshareEntity command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        if (sharedWith.contains(command.userId())) {
            apply(new EntityUnshared(entityId, command.userId(), command.caller().userId(), command.at()));
        }
        return done();
    }

    @CommandHandler
    public Done handle(ChangeStore command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        if (store != command.store()) {
            apply(new StoreChanged(entityId, command.store(), store, command.caller().userId(), command.at()));
        }
        return done();
    }

    @CommandHandler
    public UploadTicket handle(RequestUpload command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        EntityVersions recorded = recordedVersions();
        String existing = recorded.confirmedWithSourceHash(command.sourceHash());
        if (existing != null && !command.force()) {
            return new UploadTicket(entityId, existing, null, null, null, existing, lastSequence);
        }
        VersionRecord version = recorded.find(command.versionId());
        if (version != null && version.state().wasConfirmed()) {
            throw new Rejection(Kind.CONFLICT, "version_exists",
                    "Version " + command.versionId() + " of " + entityId + " is already " + version.state().wireName()
                            + "; pick a new version id.", "version");
        }
        recorded.requireBase(command.baseVersionId());
        apply(new UploadRequested(entityId, command.versionId(), command.sourceHash(), command.baseVersionId(),
                command.storagePath(), command.lockfilePath(), command.force(), command.expiresAt(),
                command.caller().userId(), command.at()));
        return new UploadTicket(entityId, command.versionId(), command.storagePath(), command.lockfilePath(),
                command.expiresAt(), null, lastSequence);
    }

    @CommandHandler
    public Confirmed handle(ConfirmUpload command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        ConfirmPolicy.Decision decision = ConfirmPolicy.decide(recordedVersions(), command);
        for (EntityEvent event : decision.events()) {
            apply(event);
        }
        VersionConfirmed confirmed = decision.confirmed();
        return new Confirmed(entityId, confirmed.versionId(), confirmed.version(), confirmed.manifestSha(),
                confirmed.packageSha256(), confirmed.lockfileSha256(), confirmed.versionId().equals(activeVersionId),
                lastSequence);
    }

    @CommandHandler
    public Done handle(SetActive command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        VersionRecord version = recordedVersions().requireConfirmed(command.versionId());
        if (version.state() == VersionState.ARCHIVED) {
            throw new Rejection(Kind.CONFLICT, "version_archived",
                    "Version " + command.versionId() + " is archived and cannot become active.", "versionId");
        }
        if (!command.versionId().equals(activeVersionId)) {
            apply(new ActiveVersionChanged(entityId, command.versionId(), activeVersionId, command.caller().userId(),
                    command.at()));
        }
        return done();
    }

    @CommandHandler
    public Done handle(ArchiveVersion command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        VersionRecord version = recordedVersions().requireConfirmed(command.versionId());
        if (version.state() == VersionState.ARCHIVED) {
            return done();
        }
        if (command.versionId().equals(activeVersionId)) {
            throw new Rejection(Kind.CONFLICT, "version_active",
                    "Version " + command.versionId() + " is the active version; activate another one first.");
        }
        List<String> targetedBy = channelsTargeting(command.versionId());
        if (!targetedBy.isEmpty()) {
            throw new Rejection(Kind.CONFLICT, "version_in_channel", "Version " + command.versionId()
                    + " is a target of channel " + String.join(", ", targetedBy) + "; point "
                    + (targetedBy.size() == 1 ? "it" : "them") + " at another version first.");
        }
        if (command.retentionPolicy() != null) {
            requireDueUnder(command.retentionPolicy(), command.versionId(), command.at());
        }
        apply(new VersionArchived(entityId, command.versionId(), command.caller().userId(), command.at(),
                command.retentionPolicy()));
        return done();
    }

    @CommandHandler
    public Done handle(SetChannel command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        requireChannelName(command.channel());
        EntityVersions recorded = recordedVersions();
        for (ChannelTarget target : command.targets()) {
            if (recorded.requireConfirmed(target.versionId()).state() == VersionState.ARCHIVED) {
                throw new Rejection(Kind.CONFLICT, "version_archived", "Version " + target.versionId()
                        + " is archived and cannot be a channel's target.");
            }
        }
        List<ChannelTarget> targets = ChannelTarget.canonical(command.targets());
        List<ChannelTarget> previous = channels.get(command.channel());
        if (!targets.equals(previous)) {
            apply(new ChannelSet(entityId, command.channel(), targets, previous, command.caller().userId(),
                    command.at()));
        }
        return done();
    }

    @CommandHandler
    public Done handle(RemoveChannel command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        requireChannelName(command.channel());
        List<ChannelTarget> previous = channels.get(command.channel());
        if (previous != null) {
            apply(new ChannelRemoved(entityId, command.channel(), previous, command.caller().userId(), command.at()));
        }
        return done();
    }

    @CommandHandler
    public Done handle(SetRetentionPolicy command, @MetaDataValue(EXPECTED_SEQUENCE) Long expectedSequence) {
        requirePublisher(command.caller(), expectedSequence);
        if (!command.policy().equals(currentRetentionPolicy())) {
            apply(new RetentionPolicySet(entityId, command.policy(), command.caller().userId(), command.at()));
        }
        return done();
    }

    @CommandHandler
    public RetentionPlan handle(PlanRetention command) {
        RetentionPolicy policy = currentRetentionPolicy();
        return new RetentionPlan(entityId, policy, dueUnder(policy, command.at()), lastSequence);
    }

    @CommandHandler
    public Done handle(ExpireUpload command) {
        VersionRecord version = versions.get(command.versionId());
        if (version != null && version.state() == VersionState.REQUESTED && !command.at().isBefore(version.expiresAt())) {
            apply(new UploadExpired(entityId, command.versionId(), version.storagePath(), version.lockfilePath(),
                    command.at()));
        }
        return done();
    }

    // ---- event sourcing: assignments only ----

    @EventSourcingHandler
    void on(EntityCreated event, @SequenceNumber long sequence) {
        entityId = event.entityId();
        zoneId = event.zoneId();
        ownerType = event.ownerType();
        organizationId = event.organizationId();
        store = event.store();
        publishers.add(event.createdBy());
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(PublisherGranted event, @SequenceNumber long sequence) {
        publishers.add(event.userId());
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(PublisherRevoked event, @SequenceNumber long sequence) {
        publishers.remove(event.userId());
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(EntityShared event, @SequenceNumber long sequence) {
        sharedWith.add(event.userId());
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(EntityUnshared event, @SequenceNumber long sequence) {
        sharedWith.remove(event.userId());
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(StoreChanged event, @SequenceNumber long sequence) {
        store = event.store();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(UploadRequested event, @SequenceNumber long sequence) {
        versions.put(event.versionId(), VersionRecord.requested(event.sourceHash(), event.baseVersionId(),
                event.storagePath(), event.lockfilePath(), event.expiresAt(), event.force()));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(VersionConfirmed event, @SequenceNumber long sequence) {
        versions.put(event.versionId(), versions.get(event.versionId()).confirmed(event.version(),
                event.confirmedAt()));
        confirmedBySourceHash.putIfAbsent(event.sourceHash(), event.versionId());
        confirmedCount = event.version();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(ActiveVersionChanged event, @SequenceNumber long sequence) {
        activeVersionId = event.versionId();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(VersionArchived event, @SequenceNumber long sequence) {
        versions.put(event.versionId(), versions.get(event.versionId()).withState(VersionState.ARCHIVED));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(ChannelSet event, @SequenceNumber long sequence) {
        channels.put(event.channel(), List.copyOf(event.targets()));
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(ChannelRemoved event, @SequenceNumber long sequence) {
        channels.remove(event.channel());
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(RetentionPolicySet event, @SequenceNumber long sequence) {
        retentionPolicy = event.policy();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(UploadExpired event, @SequenceNumber long sequence) {
        versions.put(event.versionId(), versions.get(event.versionId()).withState(VersionState.EXPIRED));
        lastSequence = sequence;
    }

    // ---- guards ----

    /**
     * Every mutation: the caller may publish (a caller who may not even read gets "not found"), and the entity is
     * still at the sequence the client saw when it sent one (If-Match, optimistic concurrency made visible).
     */
    private void requirePublisher(Caller caller, Long expectedSequence) {
        EntityAccess access = new EntityAccess(ownerType, organizationId, store, publishers, sharedWith);
        if (!AccessPolicy.canRead(caller, access)) {
            throw Rejection.entityNotFound(entityId);
        }
        if (!AccessPolicy.canPublish(caller, access)) {
            throw Rejection.notPublisher(entityId);
        }
        if (expectedSequence != null && expectedSequence != lastSequence) {
            throw new Rejection(Kind.PRECONDITION_FAILED, "stale_entity",
                    "Entity " + entityId + " changed since you read it: If-Match was \"" + expectedSequence
                            + "\" but the entity is at \"" + lastSequence + "\". Read it again and retry.",
                    "If-Match");
        }
    }

    private static void requireChannelName(String channel) {
        if (!ChannelName.isValid(channel)) {
            throw new Rejection(Kind.INVALID, "invalid_format", "Not a channel name: " + channel + ".", "channel");
        }
    }

    /** The channels that point at the version, by name. */
    private List<String> channelsTargeting(String versionId) {
        return channels.entrySet().stream()
                .filter(channel -> channel.getValue().stream().anyMatch(t -> t.versionId().equals(versionId)))
                .map(Map.Entry::getKey)
                .toList();
    }

    private RetentionPolicy currentRetentionPolicy() {
        return retentionPolicy == null ? NO_RETENTION : retentionPolicy;
    }

    /** The versions {@code policy} has due at {@code at}, as the retention rule reads this entity. */
    private List<String> dueUnder(RetentionPolicy policy, Instant at) {
        List<RetentionPolicy.Candidate> candidates = versions.entrySet().stream()
                .filter(version -> version.getValue().state().wasConfirmed())
                .map(version -> new RetentionPolicy.Candidate(version.getKey(), version.getValue().versionNumber(),
                        version.getValue().confirmedAt(), version.getValue().state() == VersionState.ARCHIVED,
                        version.getKey().equals(activeVersionId) || !channelsTargeting(version.getKey()).isEmpty()))
                .toList();
        return policy.dueForArchiving(candidates, at);
    }

    /**
     * An archive by the retention job: only under the entity's current policy, and only of a version that policy has
     * due now (the policy or the versions may have changed since the job planned).
     */
    private void requireDueUnder(RetentionPolicy policy, String versionId, Instant at) {
        if (!Objects.equals(policy, currentRetentionPolicy()) || !dueUnder(policy, at).contains(versionId)) {
            throw new Rejection(Kind.CONFLICT, "retention_not_due", "Version " + versionId
                    + " is not due for archiving under the entity's current retention policy.");
        }
    }

    private EntityVersions recordedVersions() {
        return new EntityVersions(entityId, versions, confirmedBySourceHash, confirmedCount, activeVersionId);
    }

    private Done done() {
        return new Done(entityId, lastSequence);
    }
}
