package io.registry.release;

/**
 * The stable values of {@link Violation#code()}.
 *
 * <p>Install-input and output violations found by the JSON Schema validator at provisioning time
 * use the failing JSON Schema keyword as their code instead ({@code required}, {@code type},
 * {@code pattern}, {@code minLength}, ...).
 */
public final class ViolationCodes {

  private ViolationCodes() {}

  // JSON Schema subset

  /** A JSON Schema keyword this registry deliberately does not support ($ref, anyOf, ...). */
  public static final String UNSUPPORTED_KEYWORD = "unsupported_keyword";
  /** A key that is not a JSON Schema 2020-12 keyword at all. */
  public static final String UNKNOWN_KEYWORD = "unknown_keyword";
  /** A supported keyword with a value of the wrong kind (negative minLength, bad regex, ...). */
  public static final String INVALID_KEYWORD_VALUE = "invalid_keyword_value";
  /** A place that must hold a schema holds something else (a string, a number, an array ...). */
  public static final String INVALID_SCHEMA = "invalid_schema";
  /** A lower bound greater than its upper bound (minLength > maxLength, ...). */
  public static final String INCONSISTENT_BOUNDS = "inconsistent_bounds";
  /**
   * A {@code default} that does not satisfy the schema it sits in (its {@code type}, {@code
   * minLength}, {@code enum}, ...): every install leaving that field out would fail.
   */
  public static final String INVALID_DEFAULT = "invalid_default";

  // size limits (see ReleaseLimits)

  /** A document or expression larger than its limit. */
  public static final String TOO_LARGE = "too_large";
  /** Nesting deeper than its limit. */
  public static final String TOO_DEEP = "too_deep";
  /** An array or object with more entries than its limit. */
  public static final String TOO_MANY_ITEMS = "too_many_items";
  /** A string longer than its limit. */
  public static final String TOO_LONG = "too_long";

  // shape of the release metadata fields

  /** A value of the wrong JSON type (a string where an object is required, ...). */
  public static final String INVALID_TYPE = "invalid_type";
  /** A required field is absent. */
  public static final String MISSING_FIELD = "missing_field";
  /** A field the release metadata does not define. */
  public static final String UNKNOWN_FIELD = "unknown_field";
  /** An empty or blank string where text is required. */
  public static final String EMPTY_VALUE = "empty_value";
  /** A string with control characters where they are not allowed. */
  public static final String INVALID_CHARACTERS = "invalid_characters";
  /** The same value twice where values must be unique (tags). */
  public static final String DUPLICATE_ITEM = "duplicate_item";
  /** A {@code properties} key that is not an RFC 8141 URN. */
  public static final String INVALID_URN = "invalid_urn";

  // CEL bindings

  /** The bindings expression does not parse. */
  public static final String CEL_SYNTAX_ERROR = "cel_syntax_error";
  /** The bindings expression parses but does not type-check (undeclared reference, ...). */
  public static final String CEL_CHECK_ERROR = "cel_check_error";
  /** The bindings expression cannot yield a map with string keys. */
  public static final String INVALID_RESULT_TYPE = "invalid_result_type";
  /** A property declared in outputs.schema.properties that the outputs map does not produce. */
  public static final String OUTPUT_KEY_MISSING = "output_key_missing";
  /** A key of the outputs map that outputs.schema.properties does not declare. */
  public static final String OUTPUT_KEY_UNDECLARED = "output_key_undeclared";
  /** A key of the outputs map literal that is not a string literal. */
  public static final String OUTPUT_KEY_NOT_LITERAL = "output_key_not_literal";
  /** The same key twice in the outputs map literal. */
  public static final String DUPLICATE_OUTPUT_KEY = "duplicate_output_key";

  // provisioning-time evaluation

  /** Evaluating a bindings expression failed (no such key, no matching overload, ...). */
  public static final String BINDING_EVALUATION_FAILED = "binding_evaluation_failed";
  /** Evaluation ran into the iteration budget, the wall-clock timeout or the result size limit. */
  public static final String EVALUATION_LIMIT_EXCEEDED = "evaluation_limit_exceeded";
  /** The evaluation was refused or abandoned for reasons outside the expression (busy, closed). */
  public static final String EVALUATOR_UNAVAILABLE = "evaluator_unavailable";
}
