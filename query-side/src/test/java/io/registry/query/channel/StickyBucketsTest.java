package io.registry.query.channel;

import io.registry.events.ChannelTarget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StickyBucketsTest {

    private static final String V1 = "2024.06.10-153042";
    private static final String V2 = "2024.06.11-090000";

    @Test
    void the_same_key_always_gets_the_same_bucket_and_another_channel_or_entity_hashes_apart() {
        int bucket = StickyBuckets.bucket("billing-api", "beta", "user-42");
        assertThat(bucket).isBetween(0, 99);
        for (int i = 0; i < 10; i++) {
            assertThat(StickyBuckets.bucket("billing-api", "beta", "user-42")).isEqualTo(bucket);
        }
        long differing = java.util.stream.IntStream.range(0, 1000).filter(i ->
                StickyBuckets.bucket("billing-api", "beta", "k" + i)
                        != StickyBuckets.bucket("billing-api", "canary", "k" + i)).count();
        assertThat(differing).as("channels split independently").isGreaterThan(900);
    }

    @Test
    void over_ten_thousand_keys_each_version_gets_its_weight_within_two_points() {
        for (int weight : new int[] {1, 10, 25, 50, 90}) {
            List<ChannelTarget> targets = List.of(new ChannelTarget(V1, 100 - weight), new ChannelTarget(V2, weight));
            int toV2 = 0;
            for (int i = 0; i < 10_000; i++) {
                String key = "install-" + i;
                if (StickyBuckets.targetOf(targets, StickyBuckets.bucket("billing-api", "beta", key)).versionId()
                        .equals(V2)) {
                    toV2++;
                }
            }
            assertThat(toV2 / 100.0).as("percent of keys on %s at weight %d", V2, weight)
                    .isBetween(weight - 2.0, weight + 2.0);
        }
    }

    @Test
    void raising_the_newer_versions_weight_only_moves_keys_towards_it() {
        List<ChannelTarget> tenPercent = List.of(new ChannelTarget(V1, 90), new ChannelTarget(V2, 10));
        List<ChannelTarget> halfway = List.of(new ChannelTarget(V1, 50), new ChannelTarget(V2, 50));
        for (int i = 0; i < 2_000; i++) {
            int bucket = StickyBuckets.bucket("billing-api", "beta", "install-" + i);
            if (StickyBuckets.targetOf(tenPercent, bucket).versionId().equals(V2)) {
                assertThat(StickyBuckets.targetOf(halfway, bucket).versionId()).isEqualTo(V2);
            }
        }
    }

    @Test
    void a_target_of_weight_zero_gets_nothing() {
        List<ChannelTarget> targets = List.of(new ChannelTarget(V1, 0), new ChannelTarget(V2, 100));
        for (int bucket = 0; bucket < 100; bucket++) {
            assertThat(StickyBuckets.targetOf(targets, bucket).versionId()).isEqualTo(V2);
        }
    }
}
