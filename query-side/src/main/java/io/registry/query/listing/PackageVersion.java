package io.registry.query.listing;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.registry.events.OwnerType;
import io.registry.query.readmodel.VersionDocument;

import java.time.Instant;
import java.util.List;

/**
 * A version exactly as the zone listing document's {@code PackageVersion} shows it: six required fields, always
 * present, then the optional ones, present only when they have a value.
 */
public record PackageVersion(
        @JsonProperty("id") String versionId,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("manifest_sha") String manifestSha,
        @JsonProperty("name") String name,
        @JsonProperty("owner_type") OwnerType ownerType,
        @JsonProperty("version") int versionNumber,
        @JsonProperty("archived_at") @JsonInclude(Include.NON_NULL) Instant archivedAt,
        @JsonProperty("created_by") @JsonInclude(Include.NON_NULL) String createdBy,
        @JsonProperty("description") @JsonInclude(Include.NON_NULL) String description,
        @JsonProperty("icon_url") @JsonInclude(Include.NON_NULL) String iconUrl,
        @JsonProperty("inputs") @JsonInclude(Include.NON_NULL) @Schema(ref = "PackageInputBinding") JsonNode inputs,
        @JsonProperty("links") @JsonInclude(Include.NON_NULL) @Schema(ref = "Links") JsonNode links,
        @JsonProperty("outputs") @JsonInclude(Include.NON_NULL) @Schema(ref = "PackageOutputBinding") JsonNode outputs,
        @JsonProperty("properties") @JsonInclude(Include.NON_NULL) @Schema(ref = "ReleaseProperties") JsonNode properties,
        @JsonProperty("tags") @JsonInclude(Include.NON_NULL) List<String> tags) {

    public static PackageVersion of(VersionDocument version) {
        return new PackageVersion(version.versionId(), version.createdAt(), version.manifestSha(), version.name(),
                version.ownerType(), version.versionNumber(), version.archivedAt(), version.createdBy(),
                version.description(), version.iconUrl(), version.inputs(), version.links(), version.outputs(),
                version.properties(), version.tags());
    }
}
