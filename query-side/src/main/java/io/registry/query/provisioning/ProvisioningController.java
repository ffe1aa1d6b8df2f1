package io.registry.query.provisioning;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.registry.access.Caller;
import io.registry.api.consistency.ConsistencyToken;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.api.problem.ProblemDetailsAdvice;
import io.registry.api.request.ValidEntityId;
import io.registry.api.request.ValidVersionId;
import io.registry.query.read.EntityReads.OpenedEntity;
import io.registry.query.read.EntityReads;
import io.registry.query.read.ReadYourWrites.Reads;
import io.registry.query.readmodel.VersionDocument;
import io.registry.release.BindingEvaluator;
import io.registry.release.ProvisioningException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Provisioning-time evaluation of a version's bindings, for installers: validate install inputs against
 * {@code inputs.schema} (defaults applied) and evaluate {@code inputs.bindings}; evaluate
 * {@code outputs.bindings} over a resolved entity graph and validate the result against
 * {@code outputs.schema}. Readers of the entity may call them; nothing is recorded.
 */
@RestController
public class ProvisioningController {

    private final EntityReads reads;
    private final BindingEvaluator evaluator;

    public ProvisioningController(EntityReads reads, BindingEvaluator evaluator) {
        this.reads = reads;
        this.evaluator = evaluator;
    }

    /** Body {@code {"inputs": {...install inputs...}}}; answers {@code {"inputs": {...flat input map...}}}. */
    @PostMapping("/api/entities/{entityId}/versions/{versionId}/inputs/evaluate")
    public ResponseEntity<EvaluatedInputs> evaluateInputs(@PathVariable @ValidEntityId String entityId,
                                              @PathVariable @ValidVersionId String versionId,
                                              @RequestBody JsonNode body,
                                              @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                              Caller caller) {
        JsonNode installInputs = member(body, "inputs");
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        VersionDocument version = reads.version(read.entity(), versionId);
        return read.respond(new EvaluatedInputs(evaluator.evaluateInputs(version.inputs(), installInputs)));
    }

    /** Body {@code {"entities": {"inputs": {...}, "<name>": {"href": ..., "outputs": {...}}}}}; answers {@code {"outputs": {...}}}. */
    @PostMapping("/api/entities/{entityId}/versions/{versionId}/outputs/evaluate")
    public ResponseEntity<EvaluatedOutputs> evaluateOutputs(@PathVariable @ValidEntityId String entityId,
                                               @PathVariable @ValidVersionId String versionId,
                                               @RequestBody JsonNode body,
                                               @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
                                               Caller caller) {
        JsonNode graph = member(body, "entities");
        OpenedEntity read = reads.open(caller, entityId, token, Reads.BY_ID);
        VersionDocument version = reads.version(read.entity(), versionId);
        if (version.outputs() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "no_outputs",
                    "Version " + versionId + " declares no outputs to evaluate.");
        }
        return read.respond(new EvaluatedOutputs(evaluator.evaluateOutputs(version.outputs(), graph)));
    }

    /** The flat input map {@code inputs.bindings} assembled from the install inputs (defaults applied). */
    public record EvaluatedInputs(@JsonProperty("inputs") @Schema(ref = "EvaluatedMap") ObjectNode inputs) {
    }

    /** The outputs {@code outputs.bindings} projected out of the entity graph, valid against {@code outputs.schema}. */
    public record EvaluatedOutputs(@JsonProperty("outputs") @Schema(ref = "EvaluatedMap") ObjectNode outputs) {
    }

    @ExceptionHandler(ProvisioningException.class)
    public ResponseEntity<Object> failed(ProvisioningException e) {
        HttpStatus status = switch (e.code()) {
            case "install_inputs_invalid" -> HttpStatus.BAD_REQUEST;
            case "evaluator_unavailable" -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        List<FieldViolation> violations = e.violations().stream()
                .map(v -> new FieldViolation(v.pointer(), v.code(), v.message())).toList();
        return ProblemDetailsAdvice.response(new ApiException(status, e.code(), e.getMessage(), violations));
    }

    /** The body's one field {@code field} (an object); any other top-level field is refused, as on every route. */
    private static JsonNode member(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(List.of(new FieldViolation("body", "invalid_type", "must be a JSON object")));
        }
        List<FieldViolation> unknown = new java.util.ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals(field)) {
                unknown.add(new FieldViolation(name, "unknown_field", "is not a field of this request"));
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest(unknown);
        }
        JsonNode value = body.get(field);
        if (value == null || !value.isObject()) {
            throw ApiException.badRequest(List.of(new FieldViolation(field, "required", "must be a JSON object")));
        }
        return value.deepCopy();
    }
}
