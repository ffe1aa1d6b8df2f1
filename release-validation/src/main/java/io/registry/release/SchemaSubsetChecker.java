package io.registry.release;

import static io.registry.release.ViolationCodes.INCONSISTENT_BOUNDS;
import static io.registry.release.ViolationCodes.INVALID_DEFAULT;
import static io.registry.release.ViolationCodes.INVALID_KEYWORD_VALUE;
import static io.registry.release.ViolationCodes.INVALID_SCHEMA;
import static io.registry.release.ViolationCodes.TOO_DEEP;
import static io.registry.release.ViolationCodes.TOO_LARGE;
import static io.registry.release.ViolationCodes.TOO_LONG;
import static io.registry.release.ViolationCodes.UNKNOWN_KEYWORD;
import static io.registry.release.ViolationCodes.UNSUPPORTED_KEYWORD;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an {@code inputs.schema} / {@code outputs.schema} against the JSON Schema 2020-12 subset
 * the registry supports, reporting every violation with its JSON pointer.
 *
 * <p>Supported keywords: {@code type properties required items additionalProperties} (structural),
 * {@code title description default readOnly writeOnly} (annotations), {@code pattern minLength
 * maxLength minimum maximum minItems maxItems enum const format} (constraints). Every other JSON
 * Schema 2020-12 keyword ({@code allOf anyOf oneOf not $ref $dynamicRef patternProperties
 * propertyNames unevaluatedProperties $vocabulary $schema $id $defs if then else ...}) is {@link
 * ViolationCodes#UNSUPPORTED_KEYWORD}; any other key is {@link ViolationCodes#UNKNOWN_KEYWORD}. The
 * value of an unsupported or unknown keyword is not inspected.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>The root must be a JSON object (not a boolean schema) and, when it has a {@code type}, that
 *       type must be {@code "object"}: install inputs and outputs are maps.
 *   <li>{@code type} is exactly one of the seven type names. Arrays of type names (legal in JSON
 *       Schema) are rejected because the published {@code PackageVersion} shape types {@code type}
 *       as a single string; use {@code enum}/{@code const} or an optional property instead.
 *   <li>{@code properties} values, {@code items} and {@code additionalProperties} may be boolean
 *       schemas or objects. {@code items} must not be an array (tuple form is {@code prefixItems},
 *       unsupported).
 *   <li>{@code format} is an annotation, as in JSON Schema 2020-12 and the API ("format hint"):
 *       it never fails validation. Its value must be a string; any name is accepted, including
 *       ones no validator knows, since 2020-12 allows custom formats and nothing checks them.
 *   <li>{@code pattern} must be a valid ECMA-262 regular expression for {@link EcmaScriptRegex},
 *       the engine every validation matches with ({@code ^\p{Letter}+$} is fine, Java-only
 *       syntax such as possessive quantifiers or {@code \Q...\E} is not).
 *   <li>Length/item bounds are non-negative integers (a number with a zero fraction such as
 *       {@code 2.0} counts as an integer, as in JSON Schema); {@code minimum}/{@code maximum} any
 *       number. Where both ends of a range are given, min must not exceed max.
 *   <li>{@code enum} is an array with at least one value (duplicates allowed). JSON Schema only
 *       says it SHOULD have one, but an empty enum can never be satisfied, so a release with one
 *       is refused rather than failing every install. {@code const} and enum members may be any
 *       JSON.
 *   <li>Every {@code default} (at the root, in {@code properties}, {@code items}, {@code
 *       additionalProperties}, at any depth) must satisfy the schema it sits in, after the
 *       defaults of its own properties are filled in ({@link SchemaDefaults}, as at install): an
 *       invalid default would make every install that leaves the field out fail on a field the
 *       installer never sent. Each failure is {@link ViolationCodes#INVALID_DEFAULT} at the
 *       default's pointer plus the location inside it ({@code
 *       /inputs/schema/properties/region/default}, {@code .../db/default/size}). A default is
 *       only checked when its schema (the subtree it sits in) has no other violation. Checking
 *       all defaults of a schema may take {@value ReleaseLimits#DEFAULTS_CHECK_MILLIS} ms: a
 *       {@code pattern} that backtracks catastrophically on a default hits that limit and is
 *       reported on the default ({@link ViolationCodes#INVALID_DEFAULT}); a schema whose defaults
 *       are simply too many or too big to check in that time is {@link ViolationCodes#TOO_LARGE}
 *       at the first default left unchecked.
 * </ul>
 *
 * <p>Limits ({@link ReleaseLimits}): at most {@value ReleaseLimits#MAX_SCHEMA_BYTES} bytes
 * serialized and {@value ReleaseLimits#MAX_SCHEMA_NODES} JSON nodes (a schema over either is reported
 * once as {@link ViolationCodes#TOO_LARGE} and not inspected further), schema nesting up to {@value
 * ReleaseLimits#MAX_SCHEMA_DEPTH} levels below the root, patterns up to {@value
 * ReleaseLimits#MAX_PATTERN_LENGTH} characters.
 *
 * <p>Immutable and thread-safe.
 */
public final class SchemaSubsetChecker {

  /** The keywords of the supported subset. */
  public static final Set<String> SUPPORTED_KEYWORDS =
      Set.of(
          "type", "properties", "required", "items", "additionalProperties",
          "title", "description", "default", "readOnly", "writeOnly",
          "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems",
          "enum", "const", "format");

  /** JSON Schema (2020-12 and the drafts before it) keywords that are deliberately rejected. */
  public static final Set<String> UNSUPPORTED_KEYWORDS =
      Set.of(
          // combinators
          "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
          // references and identification
          "$ref", "$dynamicRef", "$recursiveRef", "$id", "$anchor", "$dynamicAnchor",
          "$recursiveAnchor", "$defs", "definitions", "$schema", "$vocabulary", "$comment",
          // objects
          "patternProperties", "propertyNames", "unevaluatedProperties", "dependentSchemas",
          "dependentRequired", "dependencies", "minProperties", "maxProperties",
          // arrays
          "prefixItems", "contains", "minContains", "maxContains", "unevaluatedItems",
          "uniqueItems", "additionalItems",
          // numbers
          "multipleOf", "exclusiveMinimum", "exclusiveMaximum",
          // content and meta-data vocabularies beyond the subset
          "contentEncoding", "contentMediaType", "contentSchema", "deprecated", "examples");

  /** The seven JSON Schema type names. */
  public static final Set<String> TYPE_NAMES =
      Set.of("object", "array", "string", "integer", "number", "boolean", "null");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final InstanceValidator instanceValidator = new InstanceValidator();
  private final Duration defaultsCheckTime;

  public SchemaSubsetChecker() {
    this(Duration.ofMillis(ReleaseLimits.DEFAULTS_CHECK_MILLIS));
  }

  /** With another time for checking a schema's defaults than the release limit; for tests. */
  SchemaSubsetChecker(Duration defaultsCheckTime) {
    this.defaultsCheckTime = defaultsCheckTime;
  }

  /**
   * Checks a root schema found at {@code pointer} (e.g. {@code /inputs/schema}).
   *
   * @return every violation, in document order; empty when the schema is acceptable
   */
  public List<Violation> check(JsonNode schema, String pointer) {
    List<Violation> violations = new ArrayList<>();
    if (checkKeywords(schema, pointer, violations)) {
      List<String> damaged = violations.stream().map(Violation::pointer).toList();
      long deadline = System.nanoTime() + defaultsCheckTime.toNanos();
      checkDefaults(schema, pointer, 0, damaged, deadline, violations);
    }
    return violations;
  }

  /** {@link #check} without checking the {@code default}s against their schemas. */
  List<Violation> checkWithoutDefaults(JsonNode schema, String pointer) {
    List<Violation> violations = new ArrayList<>();
    checkKeywords(schema, pointer, violations);
    return violations;
  }

  /**
   * Everything but the defaults.
   *
   * @return whether the schema could be looked into: an object within the size limits
   */
  private boolean checkKeywords(JsonNode schema, String pointer, List<Violation> violations) {
    if (schema == null || !schema.isObject()) {
      violations.add(
          new Violation(pointer, INVALID_SCHEMA, "a schema must be a JSON object, got " + kind(schema)));
      return false;
    }
    String sizeProblem = sizeProblem(schema);
    if (sizeProblem != null) {
      violations.add(new Violation(pointer, TOO_LARGE, sizeProblem));
      return false;
    }
    JsonNode rootType = schema.get("type");
    if (rootType != null && rootType.isTextual() && TYPE_NAMES.contains(rootType.asText())
        && !"object".equals(rootType.asText())) {
      violations.add(
          new Violation(
              JsonPointers.child(pointer, "type"),
              INVALID_KEYWORD_VALUE,
              "the root schema describes a map and must have type \"object\", not \""
                  + rootType.asText() + "\""));
    }
    checkSchemaObject(schema, pointer, 0, violations);
    return true;
  }

  /** Checks a root schema as a whole document (pointers start at {@code ""}). */
  public List<Violation> check(JsonNode schema) {
    return check(schema, "");
  }

  private static String sizeProblem(JsonNode schema) {
    int nodes = 0;
    Deque<JsonNode> pending = new ArrayDeque<>();
    pending.push(schema);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (++nodes > ReleaseLimits.MAX_SCHEMA_NODES) {
        return "the schema has more than " + ReleaseLimits.MAX_SCHEMA_NODES + " JSON nodes";
      }
      node.elements().forEachRemaining(pending::push);
    }
    int bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(schema).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be serialized", e);
    }
    if (bytes > ReleaseLimits.MAX_SCHEMA_BYTES) {
      return "the schema is " + bytes + " bytes, more than " + ReleaseLimits.MAX_SCHEMA_BYTES;
    }
    return null;
  }

  private void checkSubschema(JsonNode node, String pointer, int depth, List<Violation> out) {
    if (node.isBoolean()) {
      return;
    }
    if (!node.isObject()) {
      out.add(
          new Violation(
              pointer, INVALID_SCHEMA, "a schema must be a JSON object or a boolean, got " + kind(node)));
      return;
    }
    if (depth > ReleaseLimits.MAX_SCHEMA_DEPTH) {
      out.add(
          new Violation(
              pointer,
              TOO_DEEP,
              "schemas are nested more than " + ReleaseLimits.MAX_SCHEMA_DEPTH + " levels deep"));
      return;
    }
    checkSchemaObject(node, pointer, depth, out);
  }

  private void checkSchemaObject(JsonNode schema, String pointer, int depth, List<Violation> out) {
    Map<String, BigDecimal> bounds = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String keyword = field.getKey();
      JsonNode value = field.getValue();
      String at = JsonPointers.child(pointer, keyword);
      switch (keyword) {
        case "type" -> checkType(value, at, out);
        case "properties" -> {
          if (!value.isObject()) {
            out.add(invalid(at, "properties must be an object of schemas, got " + kind(value)));
          } else {
            value.fields().forEachRemaining(
                property ->
                    checkSubschema(
                        property.getValue(),
                        JsonPointers.child(at, property.getKey()),
                        depth + 1,
                        out));
          }
        }
        case "required" -> checkRequired(value, at, out);
        case "items" -> {
          if (value.isArray()) {
            out.add(
                invalid(at, "items must be a single schema; tuple validation is not supported"));
          } else {
            checkSubschema(value, at, depth + 1, out);
          }
        }
        case "additionalProperties" -> checkSubschema(value, at, depth + 1, out);
        case "title", "description", "format" -> {
          if (!value.isTextual()) {
            out.add(invalid(at, keyword + " must be a string, got " + kind(value)));
          }
        }
        case "readOnly", "writeOnly" -> {
          if (!value.isBoolean()) {
            out.add(invalid(at, keyword + " must be a boolean, got " + kind(value)));
          }
        }
        case "default", "const" -> {
          // any JSON value
        }
        case "enum" -> {
          if (!value.isArray()) {
            out.add(invalid(at, "enum must be an array of the allowed values, got " + kind(value)));
          } else if (value.isEmpty()) {
            out.add(invalid(at, "enum must have at least one value: an empty enum allows nothing"));
          }
        }
        case "pattern" -> checkPattern(value, at, out);
        case "minLength", "maxLength", "minItems", "maxItems" -> {
          BigDecimal count = nonNegativeInteger(value);
          if (count == null) {
            out.add(invalid(at, keyword + " must be a non-negative integer, got " + describe(value)));
          } else {
            bounds.put(keyword, count);
          }
        }
        case "minimum", "maximum" -> {
          if (!value.isNumber()) {
            out.add(invalid(at, keyword + " must be a number, got " + kind(value)));
          } else {
            bounds.put(keyword, value.decimalValue());
          }
        }
        default -> {
          if (UNSUPPORTED_KEYWORDS.contains(keyword)) {
            out.add(
                new Violation(
                    at,
                    UNSUPPORTED_KEYWORD,
                    "the JSON Schema keyword \"" + keyword + "\" is not supported by the registry"));
          } else {
            out.add(
                new Violation(
                    at, UNKNOWN_KEYWORD, "\"" + keyword + "\" is not a JSON Schema keyword"));
          }
        }
      }
    }
    checkRange(bounds, "minLength", "maxLength", pointer, out);
    checkRange(bounds, "minItems", "maxItems", pointer, out);
    checkRange(bounds, "minimum", "maximum", pointer, out);
  }

  /**
   * Checks the defaults of {@code schema} and of the schemas inside it, in document order.
   *
   * @param damaged pointers of the violations found so far: a schema containing one is not used
   * @return false once the time for checking defaults has run out (nothing more is checked)
   */
  private boolean checkDefaults(
      JsonNode schema, String pointer, int depth, List<String> damaged, long deadline,
      List<Violation> out) {
    if (!schema.isObject() || depth > ReleaseLimits.MAX_SCHEMA_DEPTH) {
      return true;
    }
    JsonNode value = schema.get("default");
    if (value != null && intact(pointer, damaged)
        && !checkDefault(schema, value, JsonPointers.child(pointer, "default"), deadline, out)) {
      return false;
    }
    JsonNode properties = schema.get("properties");
    if (properties != null && properties.isObject()) {
      String propertiesAt = JsonPointers.child(pointer, "properties");
      var fields = properties.fields();
      while (fields.hasNext()) {
        var property = fields.next();
        if (!checkDefaults(
            property.getValue(), JsonPointers.child(propertiesAt, property.getKey()), depth + 1,
            damaged, deadline, out)) {
          return false;
        }
      }
    }
    for (String keyword : List.of("items", "additionalProperties")) {
      JsonNode subschema = schema.get(keyword);
      if (subschema != null
          && !checkDefaults(
              subschema, JsonPointers.child(pointer, keyword), depth + 1, damaged, deadline, out)) {
        return false;
      }
    }
    return true;
  }

  private static boolean intact(String pointer, List<String> damaged) {
    String inside = pointer + "/";
    return damaged.stream().noneMatch(at -> at.equals(pointer) || at.startsWith(inside));
  }

  /** @return false when the deadline was reached */
  private boolean checkDefault(
      JsonNode schema, JsonNode value, String at, long deadline, List<Violation> out) {
    if (System.nanoTime() - deadline > 0) {
      out.add(
          new Violation(
              at,
              TOO_LARGE,
              "the defaults of this schema take longer than " + defaultsCheckTime.toMillis()
                  + " ms to check; this and later defaults were not checked"));
      return false;
    }
    JsonNode completed = value.deepCopy();
    try {
      SchemaDefaults.apply(schema, completed, ReleaseLimits.MAX_DEFAULTED_NODES);
      for (InstanceValidator.Failure failure :
          instanceValidator.failures(schema, completed, deadline)) {
        out.add(
            new Violation(
                at + failure.pointer(),
                INVALID_DEFAULT,
                "the default does not satisfy its own schema (" + failure.keyword() + "): "
                    + failure.reason()));
      }
      return true;
    } catch (SchemaDefaults.TooManyNodes e) {
      out.add(new Violation(at, TOO_LARGE, "the default is too large: " + e.getMessage()));
      return true;
    } catch (EcmaScriptRegex.MatchAborted e) {
      out.add(
          new Violation(
              at,
              INVALID_DEFAULT,
              "the default could not be checked against its schema within "
                  + defaultsCheckTime.toMillis()
                  + " ms: a pattern backtracks catastrophically on it; later defaults were not checked"));
      return false;
    }
  }

  private static void checkType(JsonNode value, String at, List<Violation> out) {
    if (value.isArray()) {
      out.add(
          invalid(at, "type must be a single type name; arrays of type names are not supported"));
    } else if (!value.isTextual() || !TYPE_NAMES.contains(value.asText())) {
      out.add(
          invalid(
              at,
              "type must be one of object, array, string, integer, number, boolean, null; got "
                  + describe(value)));
    }
  }

  private static void checkRequired(JsonNode value, String at, List<Violation> out) {
    if (!value.isArray()) {
      out.add(invalid(at, "required must be an array of property names, got " + kind(value)));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode name = value.get(i);
      String itemAt = JsonPointers.child(at, i);
      if (!name.isTextual()) {
        out.add(invalid(itemAt, "required entries must be strings, got " + kind(name)));
      } else if (!seen.add(name.asText())) {
        out.add(invalid(itemAt, "\"" + name.asText() + "\" is listed in required more than once"));
      }
    }
  }

  private static void checkPattern(JsonNode value, String at, List<Violation> out) {
    if (!value.isTextual()) {
      out.add(invalid(at, "pattern must be a string, got " + kind(value)));
      return;
    }
    String regex = value.asText();
    if (regex.length() > ReleaseLimits.MAX_PATTERN_LENGTH) {
      out.add(
          new Violation(
              at,
              TOO_LONG,
              "pattern is longer than " + ReleaseLimits.MAX_PATTERN_LENGTH + " characters"));
      return;
    }
    try {
      EcmaScriptRegex.compile(regex);
    } catch (EcmaScriptRegex.InvalidPattern e) {
      out.add(
          invalid(at, "pattern is not a valid ECMA-262 regular expression: " + e.getMessage()));
    }
  }

  private static void checkRange(
      Map<String, BigDecimal> bounds, String min, String max, String pointer, List<Violation> out) {
    BigDecimal low = bounds.get(min);
    BigDecimal high = bounds.get(max);
    if (low != null && high != null && low.compareTo(high) > 0) {
      out.add(
          new Violation(
              JsonPointers.child(pointer, min),
              INCONSISTENT_BOUNDS,
              min + " (" + low.toPlainString() + ") is greater than " + max + " ("
                  + high.toPlainString() + ")"));
    }
  }

  private static BigDecimal nonNegativeInteger(JsonNode value) {
    if (!value.isNumber() || !value.canConvertToExactIntegral()) {
      return null;
    }
    BigDecimal number = value.decimalValue();
    return number.signum() < 0 ? null : number;
  }

  private static Violation invalid(String at, String message) {
    return new Violation(at, INVALID_KEYWORD_VALUE, message);
  }

  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case OBJECT, POJO -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BINARY -> "binary data";
      case MISSING -> "nothing";
    };
  }

  private static String describe(JsonNode node) {
    return node.isValueNode() && !node.isNull() ? node.toString() : kind(node);
  }
}
