package io.registry.query.channel;

import io.registry.events.ChannelTarget;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * How a split channel sends an install to one of its versions: the install's key (a user, a host, a tenant: whatever
 * the client wants to stay on one version) falls in one of 100 buckets, a stable hash of the entity, the channel and
 * the key; the targets, in their recorded order (by version id), take consecutive bucket ranges as wide as their
 * weights. The same key always lands in the same bucket, so it keeps its version until the weights move past it, and
 * over many keys the share of each version is its weight.
 */
public final class StickyBuckets {

    public static final int BUCKETS = 100;

    private StickyBuckets() {
    }

    /**
     * The key's bucket, 0..99: the first 8 bytes of SHA-256 over the UTF-8 of {@code entityId NUL channel NUL key}, as
     * an unsigned number, modulo 100 (the modulo bias of a 64-bit number is negligible).
     */
    public static int bucket(String entityId, String channel, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((entityId + '\0' + channel + '\0' + key).getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, Long.BYTES).getLong(), BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The target whose bucket range holds {@code bucket}: the first ones take the lowest buckets. */
    public static ChannelTarget targetOf(List<ChannelTarget> targets, int bucket) {
        int upTo = 0;
        for (ChannelTarget target : targets) {
            upTo += target.weight();
            if (bucket < upTo) {
                return target;
            }
        }
        throw new IllegalArgumentException("weights of " + targets + " do not cover bucket " + bucket);
    }
}
