package io.registry.eventstore;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * This instance's name in the token store: the owner of the segments it claims ({@code registry.node-id}; by
 * default the JVM's pid@host and a random suffix, so that several instances, or several contexts in one JVM, claim
 * separately).
 */
public record NodeId(String value) {

    public static NodeId of(String configured) {
        return configured == null || configured.isBlank()
                ? new NodeId(ManagementFactory.getRuntimeMXBean().getName() + "-"
                        + UUID.randomUUID().toString().substring(0, 8))
                : new NodeId(configured);
    }
}
