package io.registry.release;

import static io.registry.release.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseMetadataValidatorTest {

  private static final ReleaseMetadataValidator VALIDATOR = new ReleaseMetadataValidator();

  private static ObjectNode binding(String schemaJson, String bindings) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (schemaJson != null) {
      node.set("schema", json(schemaJson));
    }
    if (bindings != null) {
      node.put("bindings", bindings);
    }
    return node;
  }

  private static SubmittedRelease aCompleteRelease() {
    return new SubmittedRelease(
        binding(
            "{'type': 'object', 'required': ['region'], 'properties': {"
                + " 'region': {'type': 'string', 'pattern': '^[a-z]+-[a-z]+-[0-9]$'},"
                + " 'size': {'type': 'string', 'enum': ['s', 'm'], 'default': 's'}}}",
            "{'region': pkg.inputs.region, 'size': pkg.inputs.size, 'engine': 'postgres'}"),
        binding(
            "{'type': 'object', 'properties': {'url': {'type': 'string', 'format': 'uri'},"
                + " 'port': {'type': 'integer'}}}",
            "{'url': entities.db.href, 'port': entities.db.outputs.port}"),
        json(
            "[{'href': 'https://docs.example.com/orders', 'rel': 'documentation',"
                + " 'type': 'text/html', 'titles': {'en': 'Docs', 'de': 'Doku'},"
                + " 'properties': {'foo': 'bar', 'n': null}},"
                + " {'href': '/relative/{id}', 'rel': 'self'}]"),
        json(
            "{'urn:example:feature-x': {'enabled': true}, 'URN:ietf:params:oauth:x': 1,"
                + " 'urn:x-registry:draft/experimental?+r?=q#f': [1, 2], 'urn:isbn:0451450523': 'x'}"),
        json("['database', 'postgres', 'Ü-tag']"));
  }

  @Test
  void a_complete_valid_release_has_no_violations() {
    assertThat(VALIDATOR.validate(aCompleteRelease())).isEmpty();
  }

  @Test
  void nothing_given_and_json_null_are_valid() {
    assertThat(VALIDATOR.validate(SubmittedRelease.none())).isEmpty();
    assertThat(VALIDATOR.validate(SubmittedRelease.fromConfirmBody(
            json("{'inputs': null, 'outputs': null, 'links': null, 'properties': null, 'tags': null}"))))
        .isEmpty();
  }

  @Test
  void fields_are_picked_from_a_confirm_body() {
    JsonNode body =
        json("{'storage_path': 'x', 'file_size_bytes': 1, 'tags': [''], 'links': {}}");

    assertThat(VALIDATOR.validate(SubmittedRelease.fromConfirmBody(body)))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/links", "invalid_type"), tuple("/tags/0", "empty_value"));
  }

  @Test
  void all_violations_of_all_fields_are_reported_together() {
    SubmittedRelease metadata =
        new SubmittedRelease(
            binding("{'type': 'object', 'properties': {'name': {'anyOf': []}}}", "{'a': foo}"),
            binding("{'type': 'object', 'properties': {'url': {'type': 'string'}}}", "{'link': 1}"),
            json("[{'rel': 'self'}]"),
            json("{'foo': 'bar'}"),
            json("['a', 'a']"));

    assertThat(VALIDATOR.validate(metadata))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            tuple("/inputs/schema/properties/name/anyOf", "unsupported_keyword"),
            tuple("/inputs/bindings", "cel_check_error"),
            tuple("/outputs/bindings", "output_key_undeclared"),
            tuple("/outputs/bindings", "output_key_missing"),
            tuple("/links/0/href", "missing_field"),
            tuple("/properties/foo", "invalid_urn"),
            tuple("/tags/1", "duplicate_item"));
  }

  // ---- inputs / outputs

  @Test
  void unknown_fields_inside_inputs_and_outputs_are_violations() {
    ObjectNode inputs = binding("{'type': 'object'}", "{}");
    inputs.put("bindingz", "{}");
    ObjectNode outputs = binding("{'type': 'object'}", "{}");
    outputs.put("type", "object");

    assertThat(VALIDATOR.validate(new SubmittedRelease(inputs, outputs, null, null, null)))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/inputs/bindingz", "unknown_field"), tuple("/outputs/type", "unknown_field"));
  }

  @Test
  void outputs_require_schema_and_bindings() {
    assertThat(VALIDATOR.validateOutputs(json("{}")))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/outputs/schema", "missing_field"), tuple("/outputs/bindings", "missing_field"));
  }

  @Test
  void inputs_schema_and_bindings_are_each_optional() {
    assertThat(VALIDATOR.validateInputs(json("{}"))).isEmpty();
    assertThat(VALIDATOR.validateInputs(binding(null, "{'fixed': 1}"))).isEmpty();
    assertThat(VALIDATOR.validateInputs(binding("{'type': 'object'}", null))).isEmpty();
  }

  @Test
  void inputs_and_outputs_must_be_objects_with_string_bindings() {
    assertThat(VALIDATOR.validateInputs(json("'x'")))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/inputs", "invalid_type"));
    assertThat(VALIDATOR.validateOutputs(json("{'schema': {}, 'bindings': {'a': 1}}")))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/outputs/bindings", "invalid_type"));
  }

  @Test
  void cel_errors_carry_the_position_in_the_message() {
    assertThat(VALIDATOR.validateInputs(binding(null, "{'a':\n  nope}")))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEqualTo("/inputs/bindings");
              assertThat(v.code()).isEqualTo("cel_check_error");
              assertThat(v.message()).startsWith("line 2, column 3: undeclared reference to 'nope'");
            });
  }

  @Test
  void defaults_of_inputs_and_outputs_schemas_must_satisfy_their_schemas() {
    var metadata =
        new SubmittedRelease(
            binding(
                "{'type': 'object', 'properties': {'region': {'type': 'string', 'minLength': 3, 'default': 'eu'}}}",
                "{'region': pkg.inputs.region}"),
            binding(
                "{'type': 'object', 'properties': {'port': {'type': 'integer', 'default': 'http'}}}",
                "{'port': 80}"),
            null, null, null);

    assertThat(VALIDATOR.validate(metadata))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(
            tuple("/inputs/schema/properties/region/default", "invalid_default"),
            tuple("/outputs/schema/properties/port/default", "invalid_default"));
  }

  @Test
  void outputs_keys_are_compared_with_an_empty_property_list_when_the_schema_has_none() {
    assertThat(VALIDATOR.validateOutputs(binding("{'type': 'object'}", "{'a': 1}")))
        .extracting(Violation::code)
        .containsExactly("output_key_undeclared");
  }

  // ---- links

  static Stream<Arguments> invalidLinks() {
    return Stream.of(
        Arguments.of("'not an object'", "/links/0", "invalid_type"),
        Arguments.of("{'rel': 'self'}", "/links/0/href", "missing_field"),
        Arguments.of("{'href': '', 'rel': 'self'}", "/links/0/href", "empty_value"),
        Arguments.of("{'href': '   ', 'rel': 'self'}", "/links/0/href", "empty_value"),
        Arguments.of("{'href': 1, 'rel': 'self'}", "/links/0/href", "invalid_type"),
        Arguments.of("{'href': 'a\\nb', 'rel': 'self'}", "/links/0/href", "invalid_characters"),
        Arguments.of("{'href': 'https://x'}", "/links/0/rel", "missing_field"),
        Arguments.of("{'href': 'https://x', 'rel': ''}", "/links/0/rel", "empty_value"),
        Arguments.of("{'href': 'https://x', 'rel': ['self']}", "/links/0/rel", "invalid_type"),
        Arguments.of("{'href': 'https://x', 'rel': 'self', 'type': 3}", "/links/0/type", "invalid_type"),
        Arguments.of("{'href': 'https://x', 'rel': 'self', 'type': ''}", "/links/0/type", "empty_value"),
        Arguments.of("{'href': 'https://x', 'rel': 'self', 'titles': ['t']}", "/links/0/titles", "invalid_type"),
        Arguments.of("{'href': 'https://x', 'rel': 'self', 'titles': {'en': 1}}", "/links/0/titles/en", "invalid_type"),
        Arguments.of("{'href': 'https://x', 'rel': 'self', 'properties': 'p'}", "/links/0/properties", "invalid_type"),
        Arguments.of("{'href': 'https://x', 'rel': 'self', 'title': 'singular'}", "/links/0/title", "unknown_field"));
  }

  @ParameterizedTest(name = "{0} -> {2} at {1}")
  @MethodSource("invalidLinks")
  void invalid_link_is_rejected(String linkJson, String pointer, String code) {
    assertThat(VALIDATOR.validateLinks(json("[" + linkJson + "]")))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple(pointer, code));
  }

  @Test
  void links_must_be_an_array() {
    assertThat(VALIDATOR.validateLinks(json("{'href': 'x', 'rel': 'y'}")))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/links", "invalid_type"));
  }

  @Test
  void links_are_limited_in_number_and_length() {
    ArrayNode many = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i <= ReleaseLimits.MAX_LINKS; i++) {
      many.add(json("{'href': 'https://x', 'rel': 'self'}"));
    }
    ArrayNode longHref = JsonNodeFactory.instance.arrayNode();
    longHref.addObject().put("href", "h".repeat(ReleaseLimits.MAX_HREF_LENGTH + 1)).put("rel", "self");
    longHref.addObject().put("href", "h".repeat(ReleaseLimits.MAX_HREF_LENGTH)).put("rel", "self");

    assertThat(VALIDATOR.validateLinks(many))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/links", "too_many_items"));
    assertThat(VALIDATOR.validateLinks(longHref))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/links/0/href", "too_long"));
  }

  // ---- properties

  @ParameterizedTest
  @ValueSource(
      strings = {
        "urn:example:a",
        "URN:EXAMPLE:a",
        "Urn:ab:c",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "urn:x-registry:draft/feature",
        "urn:registry:prop:with%20space",
        "urn:nid:nss?+resolver?=query#fragment",
        "urn:a1234567890123456789012345678901:x"
      })
  void urn_property_keys_are_accepted(String key) {
    ObjectNode properties = JsonNodeFactory.instance.objectNode();
    properties.put(key, "value");

    assertThat(VALIDATOR.validateProperties(properties)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "foo",
        "urn:",
        "urn:example",
        "urn:example:",
        "urn::nss",
        "urn:a:nss",
        "urn:-ab:nss",
        "urn:ab-:nss",
        "urn:a12345678901234567890123456789012:x",
        "urn:example:has space",
        "urn:example:bad%zz",
        "urn:example:/leading-slash",
        "https://example.com/prop",
        " urn:example:a"
      })
  void non_urn_property_keys_are_rejected(String key) {
    ObjectNode properties = JsonNodeFactory.instance.objectNode();
    properties.put(key, "value");

    assertThat(VALIDATOR.validateProperties(properties))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple(JsonPointers.child("/properties", key), "invalid_urn"));
  }

  @Test
  void property_values_may_be_any_json() {
    assertThat(
            VALIDATOR.validateProperties(
                json("{'urn:a1:x': null, 'urn:a1:y': [1, {'z': true}], 'urn:a1:z': 1.5}")))
        .isEmpty();
  }

  @Test
  void urns_equal_under_rfc_8141_are_duplicates() {
    assertThat(VALIDATOR.validateProperties(json("{'urn:Example:a%2f': 1, 'URN:example:a%2F': 2}")))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/properties/URN:example:a%2F", "duplicate_item"));
    assertThat(VALIDATOR.validateProperties(json("{'urn:example:A': 1, 'urn:example:a': 2}"))).isEmpty();
  }

  @Test
  void properties_must_be_an_object_of_limited_size() {
    ObjectNode many = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i <= ReleaseLimits.MAX_PROPERTIES; i++) {
      many.put("urn:example:p" + i, i);
    }
    ObjectNode big = JsonNodeFactory.instance.objectNode();
    big.put("urn:example:big", "x".repeat(ReleaseLimits.MAX_PROPERTIES_BYTES));

    assertThat(VALIDATOR.validateProperties(json("['urn:example:a']")))
        .extracting(Violation::code).containsExactly("invalid_type");
    assertThat(VALIDATOR.validateProperties(many))
        .extracting(Violation::pointer, Violation::code).containsExactly(tuple("/properties", "too_many_items"));
    assertThat(VALIDATOR.validateProperties(big))
        .extracting(Violation::pointer, Violation::code).containsExactly(tuple("/properties", "too_large"));
  }

  // ---- tags

  static Stream<Arguments> invalidTags() {
    return Stream.of(
        Arguments.of("['ok', '']", "/tags/1", "empty_value"),
        Arguments.of("['  ']", "/tags/0", "empty_value"),
        Arguments.of("[1]", "/tags/0", "invalid_type"),
        Arguments.of("[null]", "/tags/0", "invalid_type"),
        Arguments.of("[['nested']]", "/tags/0", "invalid_type"),
        Arguments.of("['tab\\there']", "/tags/0", "invalid_characters"),
        Arguments.of("['" + "t".repeat(ReleaseLimits.MAX_TAG_LENGTH + 1) + "']", "/tags/0", "too_long"),
        Arguments.of("['same', 'other', 'same']", "/tags/2", "duplicate_item"),
        Arguments.of("'database'", "/tags", "invalid_type"));
  }

  @ParameterizedTest(name = "{0} -> {2} at {1}")
  @MethodSource("invalidTags")
  void invalid_tags_are_rejected(String tagsJson, String pointer, String code) {
    assertThat(VALIDATOR.validateTags(json(tagsJson)))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple(pointer, code));
  }

  @Test
  void tags_are_limited_in_number_and_counted_in_code_points() {
    ArrayNode many = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i <= ReleaseLimits.MAX_TAGS; i++) {
      many.add("t" + i);
    }
    ArrayNode emoji = JsonNodeFactory.instance.arrayNode();
    emoji.add("\uD83D\uDE00".repeat(ReleaseLimits.MAX_TAG_LENGTH));

    assertThat(VALIDATOR.validateTags(many))
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/tags", "too_many_items"));
    assertThat(VALIDATOR.validateTags(emoji)).isEmpty();
    assertThat(VALIDATOR.validateTags(json("[]"))).isEmpty();
  }

  @Test
  void violations_are_values() {
    List<Violation> first = VALIDATOR.validateTags(json("['']"));
    List<Violation> second = VALIDATOR.validateTags(json("['']"));

    assertThat(first).isEqualTo(second);
  }
}
