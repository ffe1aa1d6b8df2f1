package io.registry.events;

/**
 * Every fact recorded about one entity (package). The aggregate identifier is {@link #entityId()}, and
 * Kafka records are keyed by it so one entity's events keep their order.
 */
public sealed interface EntityEvent
        permits EntityCreated, PublisherGranted, PublisherRevoked, EntityShared, EntityUnshared, StoreChanged,
                UploadRequested, VersionConfirmed, ActiveVersionChanged, VersionArchived, UploadExpired,
                ChannelSet, ChannelRemoved, RetentionPolicySet {

    /** The entity (package) the event belongs to. */
    String entityId();
}
