package io.registry.query.listing;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.events.OwnerType;
import io.registry.events.Store;
import io.registry.query.readmodel.EntityDocument;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A package as a zone's package listing shows it: what it is, who may read it, the tags of its active version (none:
 * an empty list) and how recently it was released. Every field is present; those without a value are null.
 */
public record PackageSummary(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") @Nullable String description,
        @JsonProperty("icon_url") @Nullable String iconUrl,
        @JsonProperty("owner_type") OwnerType ownerType,
        @JsonProperty("store") Store store,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("active_version_id") @Nullable String activeVersionId,
        @JsonProperty("version_count") int versionCount,
        @JsonProperty("latest_version_at") @Nullable Instant latestVersionAt) {

    public static PackageSummary of(EntityDocument entity) {
        return new PackageSummary(entity.entityId(), entity.name(), entity.description(), entity.iconUrl(),
                entity.ownerType(), entity.store(), entity.tags() == null ? List.of() : entity.tags(),
                entity.activeVersionId(), entity.versionCount(), entity.latestVersionAt());
    }
}
