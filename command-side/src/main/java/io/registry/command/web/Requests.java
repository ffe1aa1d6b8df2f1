package io.registry.command.web;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Request bodies of the entity surface (snake_case, as the documents write them). */
public final class Requests {

    static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
    static final String ID_MESSAGE = "must start with a letter or digit and contain only letters, digits, '.', '_' and '-'";

    private Requests() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreateEntityRequest(
            @NotBlank @Size(min = 1, max = 70) @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
            @NotBlank @Size(min = 1, max = 70) @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String zoneId,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 4000) String description,
            @Size(max = 2048) @Pattern(regexp = "^https?://\\S+$", message = "must be an http(s) URL") String iconUrl,
            @Pattern(regexp = "^(platform|customer)$", message = "must be platform or customer") String ownerType,
            @Size(min = 1, max = 200) String organizationId,
            @Pattern(regexp = "^(private|org|public)$", message = "must be private, org or public") String store) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChangeStoreRequest(
            @NotNull @Pattern(regexp = "^(private|org|public)$", message = "must be private, org or public")
            String store) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UploadUrlRequest(
            @NotBlank @ValidVersionId String version,
            @NotBlank @Size(max = 256) @Pattern(regexp = "^[A-Za-z0-9:+/=._-]+$",
                    message = "must be a hash such as sha256:<hex>") String sourceHash,
            @ValidVersionId String baseVersionId,
            Boolean force) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConfirmRequest(
            @NotBlank @Size(max = 1024) String storagePath,
            @NotBlank @ValidVersionId String version,
            @NotBlank @Size(max = 256) String sourceHash,
            @NotNull @PositiveOrZero Long fileSizeBytes,
            @Size(max = 100) List<@NotBlank @Size(max = 100) @Pattern(regexp = "^[a-z0-9][a-z0-9-]*$",
                    message = "must be a service slug (lowercase letters, digits, '-')") String> serviceDependencies,
            JsonNode packageJson,
            @Size(max = 1024) String packageLockPath,
            Boolean setAsActive,
            Boolean force,
            @Size(max = 4000) String description,
            @Size(max = 2048) @Pattern(regexp = "^https?://\\S+$", message = "must be an http(s) URL") String iconUrl,
            JsonNode inputs,
            JsonNode outputs,
            JsonNode links,
            JsonNode properties,
            JsonNode tags) {
    }

    /** The documented body of "set active version": {@code versionId}; {@code version_id} is accepted too. */
    public record SetActiveRequest(
            @NotBlank @ValidVersionId
            @JsonAlias("version_id") String versionId) {
    }
}
