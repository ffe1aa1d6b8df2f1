package io.registry.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * Metadata given at release (confirm) time, as the zone listing document names it. Every field is
 * optional; {@code inputs}, {@code outputs}, {@code links} and {@code properties} are kept as the JSON
 * the publisher sent, after validation.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReleaseMetadata(
        String description,
        String iconUrl,
        JsonNode inputs,
        JsonNode outputs,
        JsonNode links,
        JsonNode properties,
        List<String> tags) {

    public static ReleaseMetadata empty() {
        return new ReleaseMetadata(null, null, null, null, null, null, List.of());
    }
}
