package io.registry.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Install-input validation against the official JSON Schema Test Suite, for the keywords of the
 * registry's subset (vendored under {@code src/test/resources/json-schema-test-suite/}, see its
 * README for source, version, license and why draft 7).
 *
 * <p>Every case goes the way of a real release and install: the case's schema {@code s} is
 * released as {@code inputs.schema = {"type": "object", "properties": {"v": s}}} (release-time
 * check), then the case's data {@code d} is installed as {@code {"v": d}} and must be accepted or
 * refused as the suite says. A group whose schema the release refuses (a keyword outside the
 * subset, a tuple {@code items}, an array of types) is reported as skipped, after checking that
 * this is the reason; nothing else may be refused.
 */
class JsonSchemaTestSuiteTest {

  private static final String ROOT = "/json-schema-test-suite/tests/draft7/";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final SchemaSubsetChecker CHECKER = new SchemaSubsetChecker();
  private static final BindingEvaluator EVALUATOR = new BindingEvaluator();

  /** The suite's files for the keywords the registry supports. */
  private static final List<String> KEYWORD_FILES =
      List.of(
          "type", "properties", "required", "items", "additionalProperties", "const", "enum",
          "minLength", "maxLength", "pattern", "minimum", "maximum", "minItems", "maxItems",
          "boolean_schema", "optional/bignum");

  /** The suite's format files; they assert formats, the registry treats format as annotation. */
  private static final List<String> FORMAT_FILES =
      List.of(
          "date-time", "date", "email", "hostname", "idn-email", "idn-hostname", "ipv4", "ipv6",
          "iri-reference", "iri", "json-pointer", "regex", "relative-json-pointer", "time",
          "uri-reference", "uri-template", "uri");

  @AfterAll
  static void closeEvaluator() {
    EVALUATOR.close();
  }

  private record Group(String file, String description, JsonNode schema, JsonNode tests) {
    ObjectNode released() {
      ObjectNode root = NODES.objectNode().put("type", "object");
      root.putObject("properties").set("v", schema);
      return root;
    }

    List<Violation> releaseViolations() {
      return CHECKER.check(released(), "/inputs/schema");
    }

    String name() {
      return file + ": " + description;
    }
  }

  private static List<Group> groups(String file) {
    try (InputStream in = JsonSchemaTestSuiteTest.class.getResourceAsStream(ROOT + file + ".json")) {
      assertThat(in).as("vendored suite file %s", file).isNotNull();
      List<Group> groups = new ArrayList<>();
      for (JsonNode group : MAPPER.readTree(in)) {
        groups.add(
            new Group(file, group.get("description").asText(), group.get("schema"), group.get("tests")));
      }
      return groups;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> install_inputs_are_validated_as_the_suite_says() {
    return KEYWORD_FILES.stream().flatMap(file -> groups(file).stream()).flatMap(this::casesOf);
  }

  private Stream<DynamicTest> casesOf(Group group) {
    List<Violation> refusals = group.releaseViolations();
    if (!refusals.isEmpty()) {
      return Stream.of(
          dynamicTest(
              group.name() + " [refused at release]",
              () -> {
                assertThat(refusals).allSatisfy(JsonSchemaTestSuiteTest::isOutsideTheSubset);
                Assumptions.abort("outside the supported subset: " + refusals);
              }));
    }
    List<DynamicTest> cases = new ArrayList<>();
    for (JsonNode test : group.tests()) {
      boolean valid = test.get("valid").asBoolean();
      cases.add(
          dynamicTest(
              group.name() + ": " + test.get("description").asText() + (valid ? " (valid)" : " (invalid)"),
              () -> assertInstall(group, test.get("data"), valid)));
    }
    return cases.stream();
  }

  /** A keyword outside the subset, the tuple form of items or an array of types. */
  private static void isOutsideTheSubset(Violation violation) {
    if (!violation.code().equals(ViolationCodes.UNSUPPORTED_KEYWORD)) {
      assertThat(violation.code()).isEqualTo(ViolationCodes.INVALID_KEYWORD_VALUE);
      assertThat(violation.pointer()).matches(".*/(items|type)");
    }
  }

  private static void assertInstall(Group group, JsonNode data, boolean valid) {
    ObjectNode inputs = NODES.objectNode().set("schema", group.released());
    ObjectNode install = NODES.objectNode().set("v", data);
    if (valid) {
      assertThat(EVALUATOR.evaluateInputs(inputs, install)).isEqualTo(install);
    } else {
      InstallInputsInvalid failure =
          catchThrowableOfType(
              InstallInputsInvalid.class, () -> EVALUATOR.evaluateInputs(inputs, install));
      assertThat(failure).as("install inputs %s are refused", install).isNotNull();
      assertThat(failure.violations())
          .isNotEmpty()
          .allSatisfy(v -> assertThat(v.pointer()).matches("/v(/.*)?"));
    }
  }

  @Test
  void every_keyword_file_has_groups_that_run() {
    for (String file : KEYWORD_FILES) {
      assertThat(groups(file))
          .as("groups of %s the release accepts", file)
          .anySatisfy(group -> assertThat(group.releaseViolations()).isEmpty());
    }
  }

  @TestFactory
  Stream<DynamicTest> format_is_an_annotation_and_never_fails_validation() {
    return FORMAT_FILES.stream()
        .flatMap(file -> groups("optional/format/" + file).stream())
        .flatMap(
            group -> {
              List<DynamicTest> cases = new ArrayList<>();
              for (JsonNode test : group.tests()) {
                cases.add(
                    dynamicTest(
                        group.name() + ": " + test.get("description").asText(),
                        () -> {
                          assertThat(group.releaseViolations()).isEmpty();
                          assertInstall(group, test.get("data"), true);
                        }));
              }
              return cases.stream();
            });
  }

  @Test
  void the_suites_invalid_defaults_are_refused_at_release() {
    // JSON Schema treats default as a mere annotation; the registry applies defaults at install,
    // so a default that violates its schema is refused when the version is released
    assertThat(groups("default"))
        .hasSize(2)
        .allSatisfy(
            group ->
                assertThat(group.releaseViolations())
                    .extracting(Violation::code)
                    .containsExactly(ViolationCodes.INVALID_DEFAULT));
  }
}
