package io.registry.command.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.command.web.Requests.ConfirmRequest;
import io.registry.events.ReleaseMetadata;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Release-time checks of a confirm request's metadata (inputs, outputs, links, properties, tags): every
 * violation is reported with its JSON pointer, and nothing is recorded when there is one.
 */
@Component
public class ReleaseChecks {

    public ReleaseMetadata releaseMetadata(ConfirmRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        List<String> tags = tags(request.tags(), violations);
        if (request.packageJson() != null && !request.packageJson().isObject()) {
            violations.add(new FieldViolation("package_json", "invalid_type", "must be a JSON object"));
        }
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(violations);
        }
        return new ReleaseMetadata(request.description(), request.iconUrl(), request.inputs(), request.outputs(),
                request.links(), request.properties(), tags);
    }

    private static List<String> tags(JsonNode tags, List<FieldViolation> violations) {
        if (tags == null || tags.isNull()) {
            return List.of();
        }
        if (!tags.isArray()) {
            violations.add(new FieldViolation("tags", "invalid_type", "must be an array of strings"));
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            JsonNode tag = tags.get(i);
            if (!tag.isTextual() || tag.asText().isBlank()) {
                violations.add(new FieldViolation("/tags/" + i, "invalid", "must be a non-empty string"));
            } else {
                values.add(tag.asText());
            }
        }
        return values;
    }
}
