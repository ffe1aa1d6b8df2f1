package io.registry.api.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.events.RetentionPolicy;
import org.springframework.lang.Nullable;

/**
 * An entity's retention policy as the API shows it ({@code GET .../retention}, and the answer to setting it): each rule
 * null when it is not set; without rules the retention job archives nothing.
 */
public record RetentionResource(@JsonProperty("entity_id") String entityId,
                                @JsonProperty("keep_latest") @Nullable Integer keepLatest,
                                @JsonProperty("max_age_days") @Nullable Integer maxAgeDays) {

    public static RetentionResource of(String entityId, RetentionPolicy policy) {
        return new RetentionResource(entityId, policy.keepLatest(), policy.maxAgeDays());
    }
}
