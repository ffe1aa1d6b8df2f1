package io.registry.analytics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentIdsTest {

    @Test
    void a_repeated_id_is_a_duplicate() {
        RecentIds ids = new RecentIds(10);
        assertThat(ids.add("a")).isTrue();
        assertThat(ids.add("b")).isTrue();
        assertThat(ids.add("a")).isFalse();
        assertThat(ids.size()).isEqualTo(2);
    }

    @Test
    void the_least_recently_seen_id_is_forgotten_first() {
        RecentIds ids = new RecentIds(2);
        ids.add("a");
        ids.add("b");
        ids.add("a"); // a seen again: b is now the least recent
        ids.add("c");
        assertThat(ids.contains("a")).isTrue();
        assertThat(ids.contains("b")).isFalse();
        assertThat(ids.contains("c")).isTrue();
        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.add("b")).as("outside the window it counts as new").isTrue();
    }

    @Test
    void capacity_must_be_positive() {
        assertThatThrownBy(() -> new RecentIds(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
