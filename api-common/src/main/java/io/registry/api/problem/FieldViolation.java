package io.registry.api.problem;

/**
 * One bad input: {@code field} names it as the client sent it (a body field such as {@code file_size_bytes},
 * a JSON pointer such as {@code /inputs/schema/anyOf}, a query parameter or a header), with a stable code.
 */
public record FieldViolation(String field, String code, String message) {
}
