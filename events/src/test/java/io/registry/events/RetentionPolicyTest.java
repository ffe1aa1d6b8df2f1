package io.registry.events;

import io.registry.events.RetentionPolicy.Candidate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2024-06-30T12:00:00Z");

    /** Versions 1..6, version n confirmed (7 - n) * 10 days ago: 60, 50, ..., 10 days. */
    private static List<Candidate> six(int pinned, int archived) {
        List<Candidate> versions = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            versions.add(new Candidate("v" + n, n, NOW.minus(Duration.ofDays((7 - n) * 10L)), n == archived,
                    n == pinned));
        }
        return versions;
    }

    @Test
    void a_policy_without_rules_archives_nothing() {
        assertThat(new RetentionPolicy(null, null).dueForArchiving(six(0, 0), NOW)).isEmpty();
    }

    @Test
    void keep_latest_keeps_the_newest_unarchived_versions_and_never_a_pinned_one() {
        assertThat(new RetentionPolicy(2, null).dueForArchiving(six(0, 0), NOW)).containsExactly("v1", "v2", "v3", "v4");
        assertThat(new RetentionPolicy(2, null).dueForArchiving(six(2, 0), NOW)).containsExactly("v1", "v3", "v4");
        // an archived version is not counted among the newest, nor archived again
        assertThat(new RetentionPolicy(2, null).dueForArchiving(six(0, 6), NOW)).containsExactly("v1", "v2", "v3");
    }

    @Test
    void max_age_archives_what_is_older_and_both_rules_keep_what_either_keeps() {
        assertThat(new RetentionPolicy(null, 35).dueForArchiving(six(0, 0), NOW)).containsExactly("v1", "v2", "v3");
        assertThat(new RetentionPolicy(5, 35).dueForArchiving(six(0, 0), NOW)).containsExactly("v1");
        assertThat(new RetentionPolicy(1, 100).dueForArchiving(six(0, 0), NOW)).isEmpty();
    }

    @Test
    void applying_the_policy_again_archives_nothing_more() {
        RetentionPolicy policy = new RetentionPolicy(3, null);
        List<String> due = policy.dueForArchiving(six(0, 0), NOW);
        List<Candidate> after = six(0, 0).stream().map(v -> new Candidate(v.versionId(), v.versionNumber(),
                v.confirmedAt(), due.contains(v.versionId()), v.pinned())).toList();
        assertThat(policy.dueForArchiving(after, NOW)).isEmpty();
    }
}
