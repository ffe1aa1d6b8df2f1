package io.registry.command.release;

import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.command.web.Requests.ConfirmRequest;
import io.registry.events.ReleaseMetadata;
import io.registry.release.ReleaseMetadataValidator;
import io.registry.release.Violation;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Release-time checks of a confirm request's metadata (the JSON Schema subset and CEL bindings of
 * inputs/outputs, links, URN-keyed properties, tags): every violation is reported with its JSON pointer,
 * and nothing is recorded when there is one.
 */
@Component
public class ReleaseChecks {

    private final ReleaseMetadataValidator validator;

    public ReleaseChecks(ReleaseMetadataValidator validator) {
        this.validator = validator;
    }

    public ReleaseMetadata releaseMetadata(ConfirmRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        for (Violation v : validator.validate(new io.registry.release.ReleaseMetadata(request.inputs(),
                request.outputs(), request.links(), request.properties(), request.tags()))) {
            violations.add(new FieldViolation(v.pointer(), v.code(), v.message()));
        }
        if (request.packageJson() != null && !request.packageJson().isNull() && !request.packageJson().isObject()) {
            violations.add(new FieldViolation("package_json", "invalid_type", "must be a JSON object"));
        }
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        List<String> tags = new ArrayList<>();
        if (request.tags() != null) {
            request.tags().forEach(tag -> tags.add(tag.asText()));
        }
        return new ReleaseMetadata(request.description(), request.iconUrl(), nullIfJsonNull(request.inputs()),
                nullIfJsonNull(request.outputs()), nullIfJsonNull(request.links()),
                nullIfJsonNull(request.properties()), tags);
    }

    private static com.fasterxml.jackson.databind.JsonNode nullIfJsonNull(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
