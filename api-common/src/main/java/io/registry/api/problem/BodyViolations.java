package io.registry.api.problem;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every bad field of a body that failed to bind: each field is checked against its own type (so one wrong type does
 * not hide the others), unknown fields are named, and the fields that did have their type are then validated
 * (Bean Validation) as the controller would have. Runs only for bodies that were refused.
 */
final class BodyViolations {

    private BodyViolations() {
    }

    /** The violations of {@code body} for {@code target}; empty when they cannot be told field by field. */
    static Optional<List<FieldViolation>> of(ObjectMapper mapper, Validator validator, CapturedBodies.Captured body) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body.bytes());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!(tree instanceof ObjectNode object)) {
            return Optional.empty();
        }
        BeanDescription description = mapper.getDeserializationConfig()
                .introspect(mapper.constructType(body.target()));
        Map<String, JavaType> types = new HashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.hasConstructorParameter() || property.hasSetter() || property.hasField()) {
                types.put(property.getName(), property.getPrimaryType());
            }
        }
        List<FieldViolation> violations = new ArrayList<>();
        Set<String> bad = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(name -> {
            JavaType type = types.get(name);
            if (type == null) {
                violations.add(new FieldViolation(name, "unknown_field", "is not a field of this request"));
                bad.add(name);
                return;
            }
            try {
                mapper.readerFor(type).readValue(object.get(name));
            } catch (IOException e) {
                violations.add(new FieldViolation(name, "invalid_type", "must be a " + ProblemDetailsAdvice
                        .simpleType(type.getRawClass()) + " (values are taken as their JSON type only)"));
                bad.add(name);
            }
        });
        if (violations.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode good = object.deepCopy();
        bad.forEach(good::remove);
        try {
            Object bound = mapper.treeToValue(good, body.target());
            for (ConstraintViolation<Object> violation : validator.validate(bound)) {
                String field = JsonNames.snakeCase(ProblemDetailsAdvice.lastNode(violation.getPropertyPath().toString()));
                if (!bad.contains(field) && !bad.contains(violation.getPropertyPath().toString())) {
                    violations.add(new FieldViolation(field, ProblemDetailsAdvice.codeOf(violation
                            .getConstraintDescriptor().getAnnotation().annotationType().getSimpleName()),
                            violation.getMessage()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the remaining fields cannot be bound on their own: the type violations are what can be said
        }
        return Optional.of(violations);
    }
}
