package io.registry.api.resource;

import org.springframework.lang.Nullable;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.registry.events.OwnerType;
import io.registry.events.Store;

import java.time.Instant;
import java.util.List;

/**
 * An entity (package) as the API shows it: {@code GET /api/entities/{id}}, and the answer to its creation. Every field
 * is always present ({@code null} when it has no value).
 */
public record EntityResource(
        @JsonProperty("id") String id,
        @JsonProperty("zone_id") String zoneId,
        @JsonProperty("name") String name,
        @JsonProperty("description") @Nullable String description,
        @JsonProperty("icon_url") @Nullable String iconUrl,
        @JsonProperty("owner_type") OwnerType ownerType,
        @JsonProperty("organization_id") String organizationId,
        @JsonProperty("store") Store store,
        @JsonProperty("publishers") List<String> publishers,
        @JsonProperty("shared_with") List<String> sharedWith,
        @JsonProperty("active_version_id") @Nullable String activeVersionId,
        @JsonProperty("version_count") int versionCount,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("created_at") Instant createdAt) {

    /** A just created entity: its creator the only publisher, shared with nobody, no versions yet. */
    public static EntityResource created(String id, String zoneId, String name, String description, String iconUrl,
                                         OwnerType ownerType, String organizationId, Store store, String createdBy,
                                         Instant createdAt) {
        return new EntityResource(id, zoneId, name, description, iconUrl, ownerType, organizationId, store,
                List.of(createdBy), List.of(), null, 0, createdBy, createdAt);
    }
}
