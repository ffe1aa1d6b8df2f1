package io.registry.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates a JSON value against a schema of the supported subset (networknt json-schema-validator,
 * dialect 2020-12, {@code pattern} as ECMA-262 through {@link EcmaScriptRegex}, {@code format}
 * an annotation only: it never fails validation). Callers pass only
 * schemas that passed {@link SchemaSubsetChecker}, so no {@code $ref} can make the validator load
 * anything.
 *
 * <p>Violations: pointer = the instance location (RFC 6901, relative to the validated value; for
 * {@code required} the missing property), code = the failing keyword, message as the validator
 * words it ({@code /region: does not match the regex pattern ^[a-z]+$}).
 *
 * <p>Thread-safe; the schema factory is built once, the schema per call.
 */
final class InstanceValidator {

  private final JsonSchemaFactory schemaFactory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  /**
   * One failed keyword.
   *
   * @param pointer where in the validated value (for {@code required}: the missing property)
   * @param keyword the failing keyword ({@code type}, {@code pattern}, ...)
   * @param message the validator's message, starting with the location ({@code /a: ...})
   * @param reason the same without the location ({@code must be at least 3 characters long})
   */
  record Failure(String pointer, String keyword, String message, String reason) {
    Violation toViolation() {
      return new Violation(pointer, keyword, message);
    }
  }

  /** {@link #failures}, as violations with the failing keyword as code. */
  List<Violation> validate(JsonNode schema, JsonNode instance, long deadlineNanos) {
    List<Violation> violations = new ArrayList<>();
    failures(schema, instance, deadlineNanos).forEach(failure -> violations.add(failure.toViolation()));
    return violations;
  }

  /**
   * @param deadlineNanos a {@link System#nanoTime()} value after which pattern matching stops
   * @throws EcmaScriptRegex.MatchAborted the deadline passed or the thread was interrupted while
   *     matching a pattern
   */
  List<Failure> failures(JsonNode schema, JsonNode instance, long deadlineNanos) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            // format is an annotation (2020-12's default; the API calls it a "format hint")
            .formatAssertionsEnabled(false)
            .locale(Locale.ENGLISH)
            .regularExpressionFactory(EcmaScriptRegex.matchingUntil(deadlineNanos))
            .build();
    Set<ValidationMessage> messages = schemaFactory.getSchema(schema, config).validate(instance);
    List<Failure> failures = new ArrayList<>(messages.size());
    for (ValidationMessage message : messages) {
      String pointer = message.getInstanceLocation().toString();
      if ("required".equals(message.getType()) && message.getProperty() != null) {
        pointer = JsonPointers.child(pointer, message.getProperty());
      }
      failures.add(new Failure(pointer, message.getType(), message.getMessage(), message.getError()));
    }
    return failures;
  }
}
