package io.registry.analytics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently seen event ids ({@code ce_id}), at most {@code capacity} of them, least recently seen evicted
 * first (an LRU set on a {@link LinkedHashMap} in access order).
 *
 * <p>Why bounded is enough: the registry delivers at least once, and a duplicate is a redelivery of a record that was
 * not committed yet (after a crash or a rebalance) or a producer retry; both follow the original closely in the
 * partition. A window much larger than the records a consumer may hold uncommitted ({@code max.poll.records} times
 * the partitions it reads) catches them. A duplicate that arrives after more than {@code capacity} other events
 * would be counted again. Memory is about 150 bytes per id (a UUID string and its map entry): 100 000 ids ≈ 15 MB.
 *
 * <p>Not thread-safe: the consumer thread owns it.
 */
public final class RecentIds {

    private final int capacity;
    private final LinkedHashMap<String, Boolean> ids;

    public RecentIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > RecentIds.this.capacity;
            }
        };
    }

    /**
     * Records {@code id} as seen; {@code true} when it was not among the recent ids (a first delivery), {@code false}
     * for a duplicate (whose id then becomes the most recently seen).
     */
    public boolean add(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }

    public boolean contains(String id) {
        return ids.containsKey(id);
    }

    public int size() {
        return ids.size();
    }

    public int capacity() {
        return capacity;
    }
}
