package io.registry.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.api.request.CleanText;
import io.registry.api.request.ValidEntityId;
import io.registry.api.request.ValidUserId;
import io.registry.api.request.ValidVersionId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import io.registry.events.ChannelTarget;
import io.registry.events.RetentionPolicy;
import io.registry.events.VersionId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of the entity surface (snake_case, as the documents write them). Values are taken as their
 * JSON types only (no coercion: see the strict mapper in api-common); ids follow their documented shapes
 * (README "Identifiers").
 */
public final class Requests {

    /** http(s) URLs of printable ASCII only: no spaces, control or invisible characters (percent-encode the rest). */
    static final String HTTP_URL = "^https?://[\\x21-\\x7E]+$";
    static final String HTTP_URL_MESSAGE = "must be an http(s) URL of printable ASCII characters";
    static final String SOURCE_HASH = "^[A-Za-z0-9:+/=._-]+$";
    static final String SOURCE_HASH_MESSAGE = "must be a hash such as sha256:<hex> (letters, digits, ':', '+', '/', '=', '.', '_', '-')";

    private Requests() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreateEntityRequest(
            @NotNull @ValidEntityId String id,
            @NotNull @ValidEntityId String zoneId,
            @NotBlank @Size(max = 200) @CleanText String name,
            @Size(max = 4000) @CleanText(multiline = true) String description,
            @Size(max = 2048) @Pattern(regexp = HTTP_URL, message = HTTP_URL_MESSAGE) String iconUrl,
            @Pattern(regexp = "^(platform|customer)$", message = "must be platform or customer") String ownerType,
            @ValidUserId String organizationId,
            @Pattern(regexp = "^(private|org|public)$", message = "must be private, org or public") String store) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChangeStoreRequest(
            @NotNull @Pattern(regexp = "^(private|org|public)$", message = "must be private, org or public")
            String store) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UploadUrlRequest(
            @NotNull @ValidVersionId String version,
            @NotBlank @Size(max = 256) @Pattern(regexp = SOURCE_HASH, message = SOURCE_HASH_MESSAGE) String sourceHash,
            @ValidVersionId String baseVersionId,
            Boolean force) {

        /** {@code version} on the wire is the version id. */
        public String versionId() {
            return version;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConfirmRequest(
            @NotBlank @Size(max = 1024) String storagePath,
            @NotNull @ValidVersionId String version,
            @NotBlank @Size(max = 256) @Pattern(regexp = SOURCE_HASH, message = SOURCE_HASH_MESSAGE) String sourceHash,
            @NotNull @PositiveOrZero Long fileSizeBytes,
            @Size(max = 100) List<@NotNull @Size(min = 1, max = 100) @Pattern(regexp = "^[a-z0-9][a-z0-9-]*$",
                    message = "must be a service slug (lowercase letters, digits, '-')") String> serviceDependencies,
            @Schema(ref = "PackageJson") JsonNode packageJson,
            @Size(min = 1, max = 1024) String packageLockPath,
            Boolean setAsActive,
            Boolean force,
            @Size(max = 4000) @CleanText(multiline = true) String description,
            @Size(max = 2048) @Pattern(regexp = HTTP_URL, message = HTTP_URL_MESSAGE) String iconUrl,
            @Schema(ref = "PackageInputBinding") JsonNode inputs,
            @Schema(ref = "PackageOutputBinding") JsonNode outputs,
            @Schema(ref = "Links") JsonNode links,
            @Schema(ref = "ReleaseProperties") JsonNode properties,
            @Schema(ref = "Tags") JsonNode tags) {

        /** {@code version} on the wire is the version id. */
        public String versionId() {
            return version;
        }

        /** {@code package_lock_path} on the wire is the path of the lockfile. */
        public String lockfilePath() {
            return packageLockPath;
        }
    }

    /**
     * The documented body of "set active version": {@code {"versionId": "..."}}; {@code version_id} is accepted
     * as well, but not both in one body (which one was meant cannot be told).
     */
    public record SetActiveRequest(
            @JsonProperty("versionId") @ValidVersionId String camelCase,
            @JsonProperty("version_id") @ValidVersionId String snakeCase) {

        /** The one version id given; a 400 naming {@code versionId} when there is none or two. */
        public String versionId() {
            if (camelCase == null && snakeCase == null) {
                throw ApiException.badRequest(List.of(new FieldViolation("versionId", "required", "is required")));
            }
            if (camelCase != null && snakeCase != null) {
                throw ApiException.badRequest(List.of(new FieldViolation("versionId", "ambiguous",
                        "give the version id once, as versionId or as version_id, not both")));
            }
            return camelCase != null ? camelCase : snakeCase;
        }
    }

    /**
     * {@code PUT .../channels/{channel}}: the channel points at one version, {@code {"version_id": "..."}}, or splits
     * between two, {@code {"weights": {"<version id>": 90, "<version id>": 10}}} (whole percentages 0..100 summing to
     * 100); one of the two, not both.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SetChannelRequest(
            @ValidVersionId String versionId,
            @Schema(description = "Version id -> percentage of installs (0..100, summing to 100); one or two versions")
            Map<String, Integer> weights) {

        /** The targets the body names; a 400 naming every bad field when it names none, both forms, or bad weights. */
        public List<ChannelTarget> targets() {
            List<FieldViolation> violations = new ArrayList<>();
            if (versionId == null && weights == null) {
                violations.add(new FieldViolation("version_id", "required", "give version_id, or weights"));
            } else if (versionId != null && weights != null) {
                violations.add(new FieldViolation("weights", "ambiguous", "give version_id or weights, not both"));
            } else if (versionId != null) {
                return List.of(new ChannelTarget(versionId, 100));
            } else {
                checkWeights(violations);
            }
            if (!violations.isEmpty()) {
                throw ApiException.badRequest(violations);
            }
            return weights.entrySet().stream().map(w -> new ChannelTarget(w.getKey(), w.getValue())).toList();
        }

        private void checkWeights(List<FieldViolation> violations) {
            if (weights.isEmpty() || weights.size() > ChannelTarget.MAX_TARGETS) {
                violations.add(new FieldViolation("weights", "out_of_range",
                        "must name one or two versions, got " + weights.size()));
            }
            int sum = 0;
            boolean complete = true;
            for (Map.Entry<String, Integer> weight : weights.entrySet()) {
                String field = "/weights/" + weight.getKey();
                if (!VersionId.isValid(weight.getKey())) {
                    violations.add(new FieldViolation(field, "invalid_format",
                            "must be keyed by a version id YYYY.MM.DD-HHMMSS naming a real date and time"));
                }
                if (weight.getValue() == null) {
                    violations.add(new FieldViolation(field, "required", "must be a whole percentage 0..100"));
                    complete = false;
                } else if (weight.getValue() < 0 || weight.getValue() > 100) {
                    violations.add(new FieldViolation(field, "out_of_range", "must be between 0 and 100"));
                    complete = false;
                } else {
                    sum += weight.getValue();
                }
            }
            if (complete && !weights.isEmpty() && sum != 100) {
                violations.add(new FieldViolation("weights", "invalid_sum", "must sum to 100, not " + sum));
            }
        }
    }

    /** {@code PUT .../retention}: each rule optional; {@code {}} is a policy without rules (nothing is archived). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RetentionRequest(
            @Min(1) @Max(RetentionPolicy.MAX_KEEP_LATEST) Integer keepLatest,
            @Min(1) @Max(RetentionPolicy.MAX_AGE_DAYS) Integer maxAgeDays) {

        public RetentionPolicy policy() {
            return new RetentionPolicy(keepLatest, maxAgeDays);
        }
    }
}
