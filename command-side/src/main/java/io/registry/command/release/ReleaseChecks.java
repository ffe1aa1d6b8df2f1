package io.registry.command.release;

import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.events.ReleaseMetadata;
import io.registry.release.ReleaseMetadataValidator;
import io.registry.release.SubmittedRelease;
import io.registry.release.Violation;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.registry.events.EventJson;

import java.util.ArrayList;
import java.util.Map;
import java.util.List;

/**
 * Release-time checks of a confirm request's metadata (the JSON Schema subset and CEL bindings of
 * inputs/outputs, links, URN-keyed properties, tags) and of the size of every free-form JSON field: every
 * violation is reported with its JSON pointer, and nothing is recorded when there is one.
 *
 * <p>The size limits keep the largest possible {@code registry.version.confirmed} event under what the Kafka topic
 * accepts (1 MiB per record by default). Sizes are bytes of JSON as the event stores it (characters outside the
 * Basic Multilingual Plane are written as two six-character escapes, 12 bytes): package_json 256 KiB, inputs and
 * outputs 192 KiB each (schema and bindings together), links 64 KiB, properties 64 KiB; then tags (50 x 64 code
 * points, at most 40 KiB), description (4,000 chars, at most 24 KiB) and service_dependencies (100 x 100 ASCII):
 * at most about 850 KiB of event with every field at its limit.
 */
@Component
public class ReleaseChecks {

    /** Largest serialized size (bytes of JSON, as the event stores it) of each free-form field. */
    public static final Map<String, Integer> MAX_JSON_BYTES = Map.of(
            "package_json", 256 * 1024,
            "inputs", 192 * 1024,
            "outputs", 192 * 1024,
            "links", 64 * 1024,
            "properties", 64 * 1024);

    private final ReleaseMetadataValidator validator;

    public ReleaseChecks(ReleaseMetadataValidator validator) {
        this.validator = validator;
    }

    /**
     * The release metadata to record for a confirm whose free-form fields are {@code submitted} (plus its description,
     * icon URL and package.json), or a 400 naming every violation.
     */
    public ReleaseMetadata releaseMetadata(String description, String iconUrl, JsonNode packageJson,
                                           SubmittedRelease submitted) {
        List<FieldViolation> violations = new ArrayList<>();
        checkSize("package_json", packageJson, violations);
        checkSize("inputs", submitted.inputs(), violations);
        checkSize("outputs", submitted.outputs(), violations);
        checkSize("links", submitted.links(), violations);
        checkSize("properties", submitted.properties(), violations);
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        for (Violation v : validator.validate(submitted)) {
            violations.add(new FieldViolation(v.pointer(), v.code(), v.message()));
        }
        if (packageJson != null && !packageJson.isNull() && !packageJson.isObject()) {
            violations.add(new FieldViolation("package_json", "invalid_type", "must be a JSON object"));
        }
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        List<String> tags = new ArrayList<>();
        if (submitted.tags() != null) {
            submitted.tags().forEach(tag -> tags.add(tag.asText()));
        }
        return new ReleaseMetadata(description, iconUrl, nullIfJsonNull(submitted.inputs()),
                nullIfJsonNull(submitted.outputs()), nullIfJsonNull(submitted.links()),
                nullIfJsonNull(submitted.properties()), tags);
    }

    private static void checkSize(String field, JsonNode value, List<FieldViolation> violations) {
        if (value == null || value.isNull()) {
            return;
        }
        int size;
        try {
            size = EventJson.mapper().writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON value always serializes", e);
        }
        int max = MAX_JSON_BYTES.get(field);
        if (size > max) {
            violations.add(new FieldViolation(field, "too_large",
                    "is " + size + " bytes of JSON, at most " + max + " are allowed"));
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode nullIfJsonNull(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
