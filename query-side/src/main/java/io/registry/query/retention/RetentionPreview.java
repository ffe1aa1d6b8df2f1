package io.registry.query.retention;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.query.readmodel.VersionDocument;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET .../retention/preview}: the versions the entity's retention policy would archive if its job ran at
 * {@code evaluated_at}, oldest first. Nothing is recorded.
 */
public record RetentionPreview(@JsonProperty("entity_id") String entityId,
                               @JsonProperty("keep_latest") @Nullable Integer keepLatest,
                               @JsonProperty("max_age_days") @Nullable Integer maxAgeDays,
                               @JsonProperty("evaluated_at") Instant evaluatedAt,
                               @JsonProperty("items") List<Item> items) {

    /** One version the policy has due: its id, its number and when it was confirmed. */
    @Schema(name = "RetentionPreviewItem")
    public record Item(@JsonProperty("id") String versionId,
                       @JsonProperty("version") int versionNumber,
                       @JsonProperty("created_at") Instant createdAt) {

        static Item of(VersionDocument version) {
            return new Item(version.versionId(), version.versionNumber(), version.createdAt());
        }
    }
}
