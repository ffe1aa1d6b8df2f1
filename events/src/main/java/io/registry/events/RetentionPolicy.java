package io.registry.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An entity's retention policy: which versions its retention job archives. Each rule is optional (null: not set) and
 * each keeps versions: {@code keepLatest} the newest N unarchived versions (by version number), {@code maxAgeDays}
 * those confirmed less than D days ago. A version is due for archiving when no rule that is set keeps it, and it is
 * neither the active version nor targeted by a channel. A policy without rules archives nothing.
 *
 * <p>The rule lives here, with the recorded policy, so that the preview (query side) and the job (command side, the
 * entity deciding) apply exactly the same one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RetentionPolicy(Integer keepLatest, Integer maxAgeDays) {

    public static final int MAX_KEEP_LATEST = 10_000;
    public static final int MAX_AGE_DAYS = 36_500;

    /** One version as the rule sees it; {@code pinned}: the active version or a channel's target. */
    public record Candidate(String versionId, int versionNumber, Instant confirmedAt, boolean archived,
                            boolean pinned) {
    }

    public boolean hasRules() {
        return keepLatest != null || maxAgeDays != null;
    }

    /** The ids of the versions due for archiving at {@code now}, oldest (lowest version number) first. */
    public List<String> dueForArchiving(Collection<Candidate> versions, Instant now) {
        if (!hasRules()) {
            return List.of();
        }
        List<Candidate> newestFirst = versions.stream().filter(version -> !version.archived())
                .sorted(Comparator.comparingInt(Candidate::versionNumber).reversed()).toList();
        Set<String> keptByCount = new HashSet<>();
        if (keepLatest != null) {
            newestFirst.stream().limit(keepLatest).forEach(version -> keptByCount.add(version.versionId()));
        }
        Instant ageLimit = maxAgeDays == null ? null : now.minus(Duration.ofDays(maxAgeDays));
        return newestFirst.stream()
                .sorted(Comparator.comparingInt(Candidate::versionNumber))
                .filter(version -> !version.pinned())
                .filter(version -> !keptByCount.contains(version.versionId()))
                .filter(version -> ageLimit == null || version.confirmedAt().isBefore(ageLimit))
                .map(Candidate::versionId)
                .toList();
    }
}
