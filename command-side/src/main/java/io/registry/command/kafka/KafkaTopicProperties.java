package io.registry.command.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The event topic: name, partitions (records are keyed by entity id, so one entity's events stay in one
 * partition, in order), replication, and how long a send may wait for the broker's acknowledgement.
 */
@ConfigurationProperties("registry.kafka")
public record KafkaTopicProperties(String topic, Integer partitions, Short replicationFactor, Duration sendTimeout,
                                   String source) {

    public KafkaTopicProperties {
        topic = topic == null ? "registry.entity-events.v1" : topic;
        partitions = partitions == null ? 6 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(30) : sendTimeout;
        source = source == null ? "/registry" : source;
    }
}
