package io.registry.release;

import static io.registry.release.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaSubsetCheckerTest {

  private final SchemaSubsetChecker checker = new SchemaSubsetChecker();

  /** Puts {@code keywordJson} (e.g. {@code 'minLength': 1}) inside properties.name of a root. */
  private static JsonNode withPropertyKeywords(String keywordJson) {
    return json("{'type': 'object', 'properties': {'name': {" + keywordJson + "}}}");
  }

  private List<Violation> checkInputs(JsonNode schema) {
    return checker.check(schema, "/inputs/schema");
  }

  static Stream<Arguments> supportedKeywords() {
    return Stream.of(
        Arguments.of("type", "'type': 'string'"),
        Arguments.of("type (every name)", "'properties': {'a': {'type': 'object'}, 'b': {'type': 'array'}, 'c': {'type': 'string'}, 'd': {'type': 'integer'}, 'e': {'type': 'number'}, 'f': {'type': 'boolean'}, 'g': {'type': 'null'}}"),
        Arguments.of("properties", "'properties': {'inner': {'type': 'integer'}, 'any': true}"),
        Arguments.of("required", "'required': ['inner', 'other']"),
        Arguments.of("items (object)", "'items': {'type': 'string'}"),
        Arguments.of("items (boolean)", "'items': false"),
        Arguments.of("additionalProperties (boolean)", "'additionalProperties': false"),
        Arguments.of("additionalProperties (schema)", "'additionalProperties': {'type': 'string'}"),
        Arguments.of("title", "'title': 'Name'"),
        Arguments.of("description", "'description': 'The name'"),
        Arguments.of("default", "'default': {'any': ['json', 1, null]}"),
        Arguments.of("readOnly", "'readOnly': true"),
        Arguments.of("writeOnly", "'writeOnly': false"),
        Arguments.of("pattern", "'pattern': '^[a-z][a-z0-9-]*$'"),
        Arguments.of("minLength", "'minLength': 0"),
        Arguments.of("maxLength", "'maxLength': 64"),
        Arguments.of("minimum", "'minimum': -1.5"),
        Arguments.of("maximum", "'maximum': 10"),
        Arguments.of("minItems", "'minItems': 1"),
        Arguments.of("maxItems", "'maxItems': 2.0"),
        Arguments.of("enum", "'enum': ['a', 1, null]"),
        Arguments.of("const", "'const': 'fixed'"),
        Arguments.of("format", "'format': 'uuid'"),
        Arguments.of("format (a name no validator knows)", "'format': 'x-colour'"),
        Arguments.of("everything together", "'type': 'string', 'title': 't', 'description': 'd', 'default': 'a', 'readOnly': false, 'writeOnly': false, 'pattern': 'a', 'minLength': 1, 'maxLength': 1, 'enum': ['a'], 'const': 'a', 'format': 'email', 'minimum': 1, 'maximum': 1, 'minItems': 0, 'maxItems': 0"));
  }

  @ParameterizedTest(name = "{0} is accepted")
  @MethodSource("supportedKeywords")
  void supported_keyword_isAccepted(String name, String keywordJson) {
    assertThat(checkInputs(withPropertyKeywords(keywordJson))).isEmpty();
  }

  @Test
  void every_supported_keyword_isCoveredByTheTable() {
    String table = supportedKeywords().map(a -> (String) a.get()[1]).reduce("", String::concat);
    assertThat(SchemaSubsetChecker.SUPPORTED_KEYWORDS)
        .allSatisfy(keyword -> assertThat(table).contains("'" + keyword + "'"));
  }

  @ParameterizedTest(name = "{0} is unsupported")
  @ValueSource(
      strings = {
        "allOf", "anyOf", "oneOf", "not", "$ref", "$dynamicRef", "patternProperties",
        "propertyNames", "unevaluatedProperties", "$vocabulary", "$schema", "$defs", "$id",
        "$anchor", "$dynamicAnchor", "if", "then", "else", "dependentSchemas", "dependentRequired",
        "prefixItems", "contains", "unevaluatedItems", "multipleOf", "exclusiveMinimum",
        "exclusiveMaximum", "uniqueItems", "minProperties", "maxProperties", "$comment",
        "definitions", "examples", "deprecated"
      })
  void unsupported_keyword_isRejected_withItsPointer(String keyword) {
    List<Violation> violations =
        checkInputs(withPropertyKeywords("'type': 'string', '" + keyword + "': [{'type': 'string'}]"));

    assertThat(violations)
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "/inputs/schema/properties/name/" + keyword, ViolationCodes.UNSUPPORTED_KEYWORD));
  }

  @Test
  void every_listed_unsupported_keyword_isKnownAsUnsupported() {
    assertThat(SchemaSubsetChecker.UNSUPPORTED_KEYWORDS)
        .contains(
            "allOf", "anyOf", "oneOf", "not", "$ref", "$dynamicRef", "patternProperties",
            "propertyNames", "unevaluatedProperties", "$vocabulary", "$schema")
        .doesNotContainAnyElementsOf(SchemaSubsetChecker.SUPPORTED_KEYWORDS);
  }

  @ParameterizedTest(name = "{0} is unknown")
  @ValueSource(strings = {"foo", "nullable", "x-internal", "minlength", "Type", "$foo"})
  void unknown_keyword_isRejected_withItsPointer(String keyword) {
    List<Violation> violations = checkInputs(withPropertyKeywords("'" + keyword + "': 1"));

    assertThat(violations)
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "/inputs/schema/properties/name/" + keyword, ViolationCodes.UNKNOWN_KEYWORD));
  }

  static Stream<Arguments> invalidKeywordValues() {
    String invalid = ViolationCodes.INVALID_KEYWORD_VALUE;
    return Stream.of(
        Arguments.of("'minLength': -1", "/minLength", invalid),
        Arguments.of("'minLength': 1.5", "/minLength", invalid),
        Arguments.of("'maxLength': '3'", "/maxLength", invalid),
        Arguments.of("'minItems': -2", "/minItems", invalid),
        Arguments.of("'maxItems': true", "/maxItems", invalid),
        Arguments.of("'minimum': '0'", "/minimum", invalid),
        Arguments.of("'maximum': null", "/maximum", invalid),
        Arguments.of("'pattern': '(unclosed'", "/pattern", invalid),
        Arguments.of("'pattern': '[z-a]'", "/pattern", invalid),
        Arguments.of("'pattern': 5", "/pattern", invalid),
        Arguments.of("'type': 'str'", "/type", invalid),
        Arguments.of("'type': 'Integer'", "/type", invalid),
        Arguments.of("'type': ['string', 'null']", "/type", invalid),
        Arguments.of("'type': 7", "/type", invalid),
        Arguments.of("'required': ['a', 1]", "/required/1", invalid),
        Arguments.of("'required': ['a', 'a']", "/required/1", invalid),
        Arguments.of("'required': 'a'", "/required", invalid),
        Arguments.of("'properties': []", "/properties", invalid),
        Arguments.of("'properties': {'x': 'string'}", "/properties/x", ViolationCodes.INVALID_SCHEMA),
        Arguments.of("'properties': {'x': null}", "/properties/x", ViolationCodes.INVALID_SCHEMA),
        Arguments.of("'items': [{'type': 'string'}]", "/items", invalid),
        Arguments.of("'items': 'string'", "/items", ViolationCodes.INVALID_SCHEMA),
        Arguments.of("'additionalProperties': 1", "/additionalProperties", ViolationCodes.INVALID_SCHEMA),
        Arguments.of("'enum': []", "/enum", invalid),
        Arguments.of("'enum': 'a'", "/enum", invalid),
        Arguments.of("'format': 1", "/format", invalid),
        Arguments.of("'format': ['uuid']", "/format", invalid),
        Arguments.of("'title': ['t']", "/title", invalid),
        Arguments.of("'description': 1", "/description", invalid),
        Arguments.of("'readOnly': 'yes'", "/readOnly", invalid),
        Arguments.of("'writeOnly': 0", "/writeOnly", invalid),
        Arguments.of("'minLength': 5, 'maxLength': 3", "/minLength", ViolationCodes.INCONSISTENT_BOUNDS),
        Arguments.of("'minItems': 2, 'maxItems': 1", "/minItems", ViolationCodes.INCONSISTENT_BOUNDS),
        Arguments.of("'minimum': 1.5, 'maximum': 1", "/minimum", ViolationCodes.INCONSISTENT_BOUNDS));
  }

  @ParameterizedTest(name = "{0} -> {2} at {1}")
  @MethodSource("invalidKeywordValues")
  void invalid_keyword_value_isRejected(String keywordJson, String pointerSuffix, String code) {
    List<Violation> violations = checkInputs(withPropertyKeywords(keywordJson));

    assertThat(violations)
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "/inputs/schema/properties/name" + pointerSuffix, code));
  }

  @Test
  void empty_enum_isRejected_saying_it_needs_a_value() {
    assertThat(checkInputs(withPropertyKeywords("'enum': []")))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).isEqualTo("enum must have at least one value: an empty enum allows nothing"));
    assertThat(checkInputs(withPropertyKeywords("'enum': 'a'")))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).isEqualTo("enum must be an array of the allowed values, got a string"));
  }

  @Test
  void all_violations_areReported_inDocumentOrder_notJustTheFirst() {
    JsonNode schema =
        json(
            "{'type': 'object', '$schema': 'https://json-schema.org/draft/2020-12/schema',"
                + " 'properties': {"
                + "   'name': {'type': 'string', 'anyOf': [], 'minLength': -1},"
                + "   'tags': {'type': 'array', 'items': {'type': 'string', 'oneOf': [], 'nope': 1}},"
                + "   'meta': {'type': 'object', 'additionalProperties': {'$ref': '#/x'}}"
                + " },"
                + " 'patternProperties': {}}");

    assertThat(checkInputs(schema))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/$schema", "unsupported_keyword"),
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/properties/name/anyOf", "unsupported_keyword"),
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/properties/name/minLength", "invalid_keyword_value"),
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/properties/tags/items/oneOf", "unsupported_keyword"),
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/properties/tags/items/nope", "unknown_keyword"),
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/properties/meta/additionalProperties/$ref", "unsupported_keyword"),
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/patternProperties", "unsupported_keyword"));
  }

  @Test
  void property_names_are_escaped_in_pointers() {
    JsonNode schema = json("{'properties': {'a/b~c': {'not': {}}}}");

    assertThat(checker.check(schema, "/outputs/schema"))
        .extracting(Violation::pointer)
        .containsExactly("/outputs/schema/properties/a~1b~0c/not");
  }

  @Test
  void keywords_named_like_properties_are_not_keywords() {
    JsonNode schema = json("{'properties': {'$ref': {'type': 'string'}, 'anyOf': true}}");

    assertThat(checkInputs(schema)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "false", "'object'", "[]", "1"})
  void root_must_be_an_object(String root) {
    assertThat(checkInputs(json(root)))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/inputs/schema", "invalid_schema"));
  }

  @Test
  void root_type_must_be_object() {
    assertThat(checkInputs(json("{'type': 'string'}")))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/inputs/schema/type", "invalid_keyword_value"));
  }

  @Test
  void nesting_deeper_than_the_limit_is_rejected_at_the_first_too_deep_schema() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode current = root;
    StringBuilder pointer = new StringBuilder("/inputs/schema");
    for (int depth = 1; depth <= ReleaseLimits.MAX_SCHEMA_DEPTH + 5; depth++) {
      current = current.putObject("properties").putObject("p");
      if (depth <= ReleaseLimits.MAX_SCHEMA_DEPTH + 1) {
        pointer.append("/properties/p");
      }
    }

    assertThat(checkInputs(root))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(pointer.toString(), "too_deep"));
  }

  @Test
  void nesting_up_to_the_limit_is_accepted() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode current = root;
    for (int depth = 1; depth <= ReleaseLimits.MAX_SCHEMA_DEPTH; depth++) {
      current = current.putObject("properties").putObject("p");
    }

    assertThat(checkInputs(root)).isEmpty();
  }

  @Test
  void schema_larger_than_the_byte_limit_is_rejected_once() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("description", "x".repeat(ReleaseLimits.MAX_SCHEMA_BYTES));
    root.put("anyOf", 1);

    assertThat(checkInputs(root))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/inputs/schema", "too_large"));
  }

  @Test
  void schema_with_more_nodes_than_the_limit_is_rejected() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    var values = root.putArray("enum");
    for (int i = 0; i < ReleaseLimits.MAX_SCHEMA_NODES; i++) {
      values.add(0);
    }

    assertThat(checkInputs(root))
        .extracting(Violation::code)
        .containsExactly("too_large");
  }

  @ParameterizedTest(name = "pattern {0} is accepted")
  @ValueSource(
      strings = {
        "^\\\\p{Letter}+$", "^\\\\p{Lu}\\\\p{Ll}*$", "\\\\cC", "^\\\\s*$", "(?<year>\\\\d{4})-\\\\k<year>",
        "[^]", "\\\\u00e9", "\\\\x41", "(?<=a)b", "(?!x).", "[\\\\b]", "\\\\/"
      })
  void ecma262_pattern_isAccepted(String pattern) {
    assertThat(checkInputs(withPropertyKeywords("'pattern': '" + pattern + "'"))).isEmpty();
  }

  @ParameterizedTest(name = "pattern {0} is refused")
  @ValueSource(
      strings = {
        // Java-only syntax
        "a++", "\\\\Qa.b\\\\E", "\\\\Aabc\\\\z", "\\\\h",
        // invalid in every dialect
        "(unclosed", "[z-a]", "a{2,1}", "\\\\k<undefined>"
      })
  void pattern_that_is_no_ecma262_regex_isRefused_naming_its_pointer(String pattern) {
    assertThat(checkInputs(withPropertyKeywords("'pattern': '" + pattern + "'")))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEqualTo("/inputs/schema/properties/name/pattern");
              assertThat(v.code()).isEqualTo(ViolationCodes.INVALID_KEYWORD_VALUE);
              assertThat(v.message()).startsWith("pattern is not a valid ECMA-262 regular expression: ");
            });
  }

  // ---- defaults are valid against their own schema

  /** {@code {'type': 'object', 'properties': {'region': <propertySchema>}}}. */
  private static JsonNode withRegion(String propertySchema) {
    return json("{'type': 'object', 'properties': {'region': " + propertySchema + "}}");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{'type': 'string', 'minLength': 2, 'default': 'eu'}",
        "{'type': 'integer', 'maximum': 10, 'default': 10}",
        "{'type': 'number', 'minimum': 0.5, 'default': 1}",
        "{'type': 'null', 'default': null}",
        "{'enum': ['eu', 'us'], 'default': 'us'}",
        "{'const': 'eu', 'default': 'eu'}",
        "{'type': 'string', 'pattern': '^\\\\p{Lu}', 'default': '\u00c9u'}",
        "{'type': 'string', 'format': 'uuid', 'default': 'not a uuid: format is an annotation'}",
        "{'type': 'array', 'items': {'type': 'string'}, 'minItems': 1, 'default': ['a']}",
        "{'type': 'object', 'required': ['size'], 'default': {},"
            + " 'properties': {'size': {'type': 'string', 'default': 'small'}}}",
        "{'type': 'object', 'additionalProperties': {'type': 'integer'}, 'default': {'a': 1}}",
        "{'title': 'any value', 'default': {'x': [1, 'two', null]}}"
      })
  void default_that_satisfies_its_schema_isAccepted(String propertySchema) {
    assertThat(checkInputs(withRegion(propertySchema))).isEmpty();
  }

  static Stream<Arguments> invalidDefaults() {
    String region = "/inputs/schema/properties/region";
    return Stream.of(
        Arguments.of("{'type': 'string', 'minLength': 3, 'default': 'eu'}", region + "/default",
            "(minLength): must be at least 3 characters long"),
        Arguments.of("{'type': 'string', 'default': 5}", region + "/default", "(type): "),
        Arguments.of("{'type': 'integer', 'default': 1.5}", region + "/default", "(type): "),
        Arguments.of("{'type': 'integer', 'maximum': 10, 'default': 11}", region + "/default", "(maximum): "),
        Arguments.of("{'type': 'number', 'minimum': 0, 'default': -1}", region + "/default", "(minimum): "),
        Arguments.of("{'type': 'string', 'maxLength': 2, 'default': 'eur'}", region + "/default", "(maxLength): "),
        Arguments.of("{'enum': ['eu', 'us'], 'default': 'ap'}", region + "/default", "(enum): "),
        Arguments.of("{'const': 'eu', 'default': 'us'}", region + "/default", "(const): "),
        Arguments.of("{'type': 'string', 'pattern': '^[a-z]+$', 'default': 'EU'}", region + "/default", "(pattern): "),
        Arguments.of("{'type': 'array', 'maxItems': 1, 'default': [1, 2]}", region + "/default", "(maxItems): "),
        Arguments.of("{'type': 'array', 'minItems': 1, 'default': []}", region + "/default", "(minItems): "),
        Arguments.of("{'type': 'array', 'items': {'type': 'string'}, 'default': ['a', 2]}", region + "/default/1", "(type): "),
        Arguments.of("{'type': 'object', 'properties': {'size': {'type': 'string'}}, 'default': {'size': 5}}",
            region + "/default/size", "(type): "),
        Arguments.of("{'type': 'object', 'required': ['size'], 'default': {}}", region + "/default/size",
            "(required): required property 'size' not found"),
        Arguments.of("{'type': 'object', 'additionalProperties': false, 'default': {'x': 1}}", region + "/default",
            "(additionalProperties): "),
        Arguments.of("{'type': 'array', 'items': {'type': 'string', 'minLength': 2, 'default': 'a'}}",
            region + "/items/default", "(minLength): "),
        Arguments.of("{'type': 'object', 'additionalProperties': {'type': 'integer', 'default': 'x'}}",
            region + "/additionalProperties/default", "(type): "),
        Arguments.of("{'type': 'object', 'properties': {'db': {'type': 'object', 'properties':"
                + " {'size': {'enum': ['s', 'm'], 'default': 'xl'}}}}}",
            region + "/properties/db/properties/size/default", "(enum): "));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("invalidDefaults")
  void default_that_violates_its_schema_isRefused_naming_its_pointer(
      String propertySchema, String pointer, String messagePart) {
    assertThat(checkInputs(withRegion(propertySchema)))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEqualTo(pointer);
              assertThat(v.code()).isEqualTo(ViolationCodes.INVALID_DEFAULT);
              assertThat(v.message()).startsWith("the default does not satisfy its own schema ");
              assertThat(v.message()).contains(messagePart);
            });
  }

  @Test
  void every_invalid_default_isReported_including_the_roots() {
    JsonNode schema =
        json(
            "{'type': 'object', 'default': {'name': 1},"
                + " 'properties': {'name': {'type': 'string', 'default': 2},"
                + "                'size': {'type': 'integer', 'default': 'big'}}}");

    assertThat(checker.check(schema, "/outputs/schema"))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/outputs/schema/default/name", "invalid_default"),
            // the root default is completed with the defaults of its properties, as at install
            org.assertj.core.groups.Tuple.tuple("/outputs/schema/default/size", "invalid_default"),
            org.assertj.core.groups.Tuple.tuple("/outputs/schema/properties/name/default", "invalid_default"),
            org.assertj.core.groups.Tuple.tuple("/outputs/schema/properties/size/default", "invalid_default"));
  }

  @Test
  void a_default_is_not_checked_against_a_schema_that_is_itself_refused() {
    JsonNode schema =
        withRegion("{'type': 'string', 'anyOf': [], 'default': 5}");

    assertThat(checkInputs(schema))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "/inputs/schema/properties/region/anyOf", "unsupported_keyword"));
  }

  @Test
  void defaults_beside_a_refused_schema_are_still_checked() {
    JsonNode schema =
        json(
            "{'type': 'object', 'properties': {'a': {'not': {}}, 'b': {'type': 'string', 'default': 1}}}");

    assertThat(checkInputs(schema))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/properties/a/not", "unsupported_keyword"),
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/properties/b/default", "invalid_default"));
  }

  @Test
  void a_default_on_which_a_pattern_backtracks_catastrophically_isRefused_in_bounded_time() {
    JsonNode schema =
        withRegion("{'type': 'string', 'pattern': '(.*a){12}b', 'default': '" + "a".repeat(40) + "!'}");
    long started = System.nanoTime();

    List<Violation> violations =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(10), () -> checkInputs(schema));

    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofMillis(ReleaseLimits.DEFAULTS_CHECK_MILLIS + 2_000));
    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEqualTo("/inputs/schema/properties/region/default");
              assertThat(v.code()).isEqualTo(ViolationCodes.INVALID_DEFAULT);
              assertThat(v.message()).contains("backtracks catastrophically");
            });
  }

  @Test
  void defaults_left_when_the_time_for_checking_them_is_up_are_refused_once() {
    SchemaSubsetChecker outOfTime = new SchemaSubsetChecker(java.time.Duration.ofMillis(-1));
    JsonNode schema =
        json(
            "{'type': 'object', 'properties': {'a': {'type': 'string', 'default': 'x'},"
                + " 'b': {'type': 'string', 'default': 'y'}}}");

    assertThat(outOfTime.check(schema, "/inputs/schema"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEqualTo("/inputs/schema/properties/a/default");
              assertThat(v.code()).isEqualTo(ViolationCodes.TOO_LARGE);
              assertThat(v.message()).contains("this and later defaults were not checked");
            });
  }

  @Test
  void a_default_that_defaults_multiply_beyond_the_node_limit_isRefused() {
    String manyZeros = "[" + "0, ".repeat(1_999) + "0]";
    String hundredEmptyObjects = "[" + "{}, ".repeat(99) + "{}]";
    JsonNode schema =
        withRegion(
            "{'type': 'array', 'items': {'type': 'object', 'properties': {'p': {'default': "
                + manyZeros + "}}}, 'default': " + hundredEmptyObjects + "}");

    assertThat(checkInputs(schema))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/properties/region/default", "too_large"));
  }

  @Test
  void overlong_pattern_is_rejected() {
    JsonNode schema =
        withPropertyKeywords("'pattern': '" + "a".repeat(ReleaseLimits.MAX_PATTERN_LENGTH + 1) + "'");

    assertThat(checkInputs(schema))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/inputs/schema/properties/name/pattern", "too_long"));
  }
}
