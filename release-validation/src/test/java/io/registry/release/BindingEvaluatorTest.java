package io.registry.release;

import static io.registry.release.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BindingEvaluatorTest {

  private static final BindingEvaluator EVALUATOR = new BindingEvaluator();

  @AfterAll
  static void closeEvaluator() {
    EVALUATOR.close();
  }

  /** {@code {"schema": <schema>, "bindings": <bindings>}}; bindings given raw to avoid escaping. */
  private static ObjectNode binding(String schemaJson, String bindings) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (schemaJson != null) {
      node.set("schema", json(schemaJson));
    }
    if (bindings != null) {
      node.set("bindings", TextNode.valueOf(bindings));
    }
    return node;
  }

  private static final String SERVICE_INPUTS_SCHEMA =
      "{'type': 'object', 'required': ['name', 'region'],"
          + " 'properties': {"
          + "   'name': {'type': 'string', 'minLength': 1},"
          + "   'region': {'type': 'string', 'pattern': '^[a-z]+-[a-z]+-[0-9]$'},"
          + "   'count': {'type': 'integer', 'minimum': 1, 'default': 2},"
          + "   'tier': {'type': 'string', 'enum': ['small', 'large'], 'default': 'small'}"
          + " },"
          + " 'additionalProperties': false}";

  // ---- inputs

  @Test
  void inputs_bindings_assemble_the_flat_map_from_literals_and_install_values() {
    ObjectNode flat =
        EVALUATOR.evaluateInputs(
            binding(
                SERVICE_INPUTS_SCHEMA,
                "{'service': pkg.inputs.name, 'region': pkg.inputs.region,"
                    + " 'replicas': pkg.inputs.count * 2, 'engine': 'postgres'}"),
            json("{'name': 'orders', 'region': 'eu-west-1', 'count': 3}"));

    assertThat(flat)
        .isEqualTo(
            json("{'service': 'orders', 'region': 'eu-west-1', 'replicas': 6, 'engine': 'postgres'}"));
  }

  @Test
  void integers_stay_integers_and_decimals_stay_doubles() {
    ObjectNode flat =
        EVALUATOR.evaluateInputs(
            binding(null, "{'n': pkg.inputs.n * 2, 'd': pkg.inputs.d, 'half': pkg.inputs.d * 2.0}"),
            json("{'n': 3, 'd': 1.5}"));

    assertThat(flat.get("n").isIntegralNumber()).isTrue();
    assertThat(flat.get("n").longValue()).isEqualTo(6L);
    assertThat(flat.get("d").isDouble()).isTrue();
    assertThat(flat.get("d").doubleValue()).isEqualTo(1.5);
    assertThat(flat.get("half").doubleValue()).isEqualTo(3.0);
    assertThat(flat.toString()).isEqualTo("{\"n\":6,\"d\":1.5,\"half\":3.0}");
  }

  @Test
  void defaults_are_applied_before_validation_and_binding() {
    ObjectNode flat =
        EVALUATOR.evaluateInputs(
            binding(SERVICE_INPUTS_SCHEMA, "{'count': pkg.inputs.count, 'tier': pkg.inputs.tier}"),
            json("{'name': 'orders', 'region': 'eu-west-1'}"));

    assertThat(flat).isEqualTo(json("{'count': 2, 'tier': 'small'}"));
  }

  @Test
  void nested_defaults_are_applied_and_given_values_win() {
    String schema =
        "{'type': 'object', 'properties': {"
            + " 'db': {'type': 'object', 'default': {}, 'properties': {"
            + "   'size': {'type': 'string', 'default': 'small'},"
            + "   'disk': {'type': 'integer', 'default': 10}}},"
            + " 'mode': {'type': 'string', 'default': 'a'}}}";

    ObjectNode flat = EVALUATOR.evaluateInputs(binding(schema, null), json("{'mode': 'b'}"));

    assertThat(flat).isEqualTo(json("{'mode': 'b', 'db': {'size': 'small', 'disk': 10}}"));
  }

  @Test
  void a_stored_release_with_an_invalid_default_installs_when_the_field_is_given() {
    // released before defaults were checked at release: only installs relying on the default fail
    String schema =
        "{'type': 'object', 'properties': {'region': {'type': 'string', 'minLength': 3, 'default': 'eu'}}}";

    assertThat(EVALUATOR.evaluateInputs(binding(schema, null), json("{'region': 'eu-west'}")))
        .isEqualTo(json("{'region': 'eu-west'}"));
    assertThatThrownBy(() -> EVALUATOR.evaluateInputs(binding(schema, null), json("{}")))
        .isInstanceOfSatisfying(
            InstallInputsInvalid.class,
            e -> assertThat(e.violations()).extracting(Violation::pointer, Violation::code)
                .containsExactly(tuple("/region", "minLength")));
  }

  @Test
  void defaults_that_would_multiply_the_install_inputs_beyond_the_node_limit_are_refused() {
    String manyZeros = "[" + "0, ".repeat(1_999) + "0]";
    String schema =
        "{'type': 'object', 'properties': {'l': {'type': 'array', 'items': {'type': 'object',"
            + " 'properties': {'p': {'default': " + manyZeros + "}}}}}}";
    String hundredEmptyObjects = "[" + "{}, ".repeat(99) + "{}]";

    assertThatThrownBy(
            () -> EVALUATOR.evaluateInputs(binding(schema, null), json("{'l': " + hundredEmptyObjects + "}")))
        .isInstanceOfSatisfying(
            InstallInputsInvalid.class,
            e -> assertThat(e.violations()).extracting(Violation::pointer, Violation::code)
                .containsExactly(tuple("", "too_large")));
  }

  @Test
  void without_bindings_the_validated_inputs_are_the_flat_map() {
    ObjectNode flat =
        EVALUATOR.evaluateInputs(
            binding(SERVICE_INPUTS_SCHEMA, null), json("{'name': 'a', 'region': 'us-east-1'}"));

    assertThat(flat)
        .isEqualTo(json("{'name': 'a', 'region': 'us-east-1', 'count': 2, 'tier': 'small'}"));
  }

  @Test
  void the_callers_install_inputs_are_not_modified() {
    JsonNode install = json("{'name': 'a', 'region': 'us-east-1'}");

    EVALUATOR.evaluateInputs(binding(SERVICE_INPUTS_SCHEMA, null), install);

    assertThat(install).isEqualTo(json("{'name': 'a', 'region': 'us-east-1'}"));
  }

  @Test
  void install_inputs_violating_the_schema_give_every_violation_with_its_pointer() {
    InstallInputsInvalid failure =
        catchThrowableOfType(
            InstallInputsInvalid.class,
            () ->
                EVALUATOR.evaluateInputs(
                    binding(SERVICE_INPUTS_SCHEMA, "{'a': pkg.inputs.name}"),
                    json("{'region': 'Europe', 'count': 'three', 'colour': 'red'}")));

    assertThat(failure.code()).isEqualTo("install_inputs_invalid");
    assertThat(failure.violations())
        .extracting(Violation::pointer, Violation::code)
        .containsExactlyInAnyOrder(
            tuple("/name", "required"),
            tuple("/region", "pattern"),
            tuple("/count", "type"),
            tuple("", "additionalProperties"));
    assertThat(failure.violations())
        .filteredOn(v -> v.pointer().equals("/region"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).startsWith("/region: does not match"));
  }

  @Test
  void an_install_value_of_the_wrong_enum_or_bound_is_rejected() {
    InstallInputsInvalid failure =
        catchThrowableOfType(
            InstallInputsInvalid.class,
            () ->
                EVALUATOR.evaluateInputs(
                    binding(SERVICE_INPUTS_SCHEMA, null),
                    json("{'name': 'a', 'region': 'us-east-1', 'count': 0, 'tier': 'huge'}")));

    assertThat(failure.violations())
        .extracting(Violation::pointer, Violation::code)
        .containsExactlyInAnyOrder(tuple("/count", "minimum"), tuple("/tier", "enum"));
  }

  @ParameterizedTest(name = "format {0} does not reject {1}")
  @ValueSource(
      strings = {
        "uuid|nope", "email|not an address", "date-time|yesterday", "date|2024-13-45",
        "uri|::", "ipv4|999.1.1.1", "hostname|-bad-", "regex|(unclosed", "duration|P1",
        "custom-hint|anything"
      })
  void formats_are_annotations_and_never_reject_a_value(String formatAndValue) {
    String[] parts = formatAndValue.split("\\|");
    ObjectNode schema =
        (ObjectNode) json("{'type': 'object', 'properties': {'v': {'type': 'string'}}}");
    ((ObjectNode) schema.get("properties").get("v")).put("format", parts[0]);
    ObjectNode install = JsonNodeFactory.instance.objectNode().put("v", parts[1]);

    assertThat(EVALUATOR.evaluateInputs(JsonNodeFactory.instance.objectNode().set("schema", schema), install))
        .isEqualTo(install);
  }

  static Stream<Arguments> ecma262Patterns() {
    return Stream.of(
        // pattern (JSON text), value, whether it matches
        Arguments.of("^\\s$", "\u00a0", true),
        Arguments.of("^\\s$", "\ufeff", true),
        Arguments.of("^\\s$", "\u2003", true),
        Arguments.of("^\\s$", "\u2029", true),
        Arguments.of("^\\S$", "\u00a0", false),
        Arguments.of("^\\cc$", "\u0003", true),
        Arguments.of("^\\cC$", "\u0003", true),
        Arguments.of("^\\p{Letter}+$", "h\u00e9llo", true),
        Arguments.of("^\\p{Letter}+$", "h3llo", false),
        Arguments.of("^\\d$", "\u0660", false),
        Arguments.of("^\\w$", "\u00e9", false),
        Arguments.of("^.$", "\ud83d\ude00", true),
        Arguments.of("b", "abc", true));
  }

  @ParameterizedTest(name = "{0} on \"{1}\" -> {2}")
  @MethodSource("ecma262Patterns")
  void patterns_match_with_ecma262_semantics(String pattern, String value, boolean matches) {
    ObjectNode schema =
        (ObjectNode) json("{'type': 'object', 'properties': {'v': {'type': 'string'}}}");
    ((ObjectNode) schema.get("properties").get("v")).put("pattern", pattern);
    ObjectNode metadata = JsonNodeFactory.instance.objectNode().set("schema", schema);
    ObjectNode install = JsonNodeFactory.instance.objectNode().put("v", value);

    if (matches) {
      assertThat(EVALUATOR.evaluateInputs(metadata, install)).isEqualTo(install);
    } else {
      assertThatThrownBy(() -> EVALUATOR.evaluateInputs(metadata, install))
          .isInstanceOfSatisfying(
              InstallInputsInvalid.class,
              e -> assertThat(e.violations()).extracting(Violation::pointer, Violation::code)
                  .containsExactly(tuple("/v", "pattern")));
    }
  }

  @Test
  void install_inputs_must_be_an_object() {
    assertThatThrownBy(() -> EVALUATOR.evaluateInputs(binding(null, null), json("[1]")))
        .isInstanceOf(InstallInputsInvalid.class);
  }

  @Test
  void absent_install_inputs_are_an_empty_object() {
    assertThat(EVALUATOR.evaluateInputs(binding(null, "{'fixed': 1}"), null))
        .isEqualTo(json("{'fixed': 1}"));
    assertThat(EVALUATOR.evaluateInputs(null, null)).isEmpty();
  }

  @Test
  void type_mismatch_is_caught_at_evaluation() {
    BindingEvaluationFailed failure =
        catchThrowableOfType(
            BindingEvaluationFailed.class,
            () ->
                EVALUATOR.evaluateInputs(
                    binding(null, "{'x': pkg.inputs.name + 1}"), json("{'name': 'orders'}")));

    assertThat(failure.code()).isEqualTo("binding_evaluation_failed");
    assertThat(failure.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEqualTo("/inputs/bindings");
              assertThat(v.message()).contains("No matching overload");
            });
  }

  @Test
  void a_missing_key_is_caught_at_evaluation() {
    assertThatThrownBy(
            () -> EVALUATOR.evaluateInputs(binding(null, "{'x': pkg.inputs.absent}"), json("{}")))
        .isInstanceOf(BindingEvaluationFailed.class)
        .hasMessageContaining("'absent'");
  }

  @Test
  void a_result_that_is_not_a_map_is_refused() {
    assertThatThrownBy(() -> EVALUATOR.evaluateInputs(binding(null, "pkg.inputs.n"), json("{'n': 1}")))
        .isInstanceOf(BindingEvaluationFailed.class)
        .hasMessageContaining("must evaluate to a map, got int");
  }

  @Test
  void a_map_with_non_string_keys_is_refused() {
    assertThatThrownBy(
            () -> EVALUATOR.evaluateInputs(binding(null, "{pkg.inputs.n: 'x'}"), json("{'n': 1}")))
        .isInstanceOf(BindingEvaluationFailed.class)
        .hasMessageContaining("map keys must be strings");
  }

  @Test
  void non_json_results_are_converted_or_refused() {
    ObjectNode flat =
        EVALUATOR.evaluateInputs(
            binding(
                null,
                "{'u': 7u, 'b': b'hi', 't': timestamp('2024-06-10T15:30:42Z'),"
                    + " 'd': duration('1.5s'), 'n': null, 'l': [1, 'a', false]}"),
            null);

    assertThat(flat)
        .isEqualTo(
            json(
                "{'u': 7, 'b': 'aGk=', 't': '2024-06-10T15:30:42Z', 'd': '1.5s', 'n': null,"
                    + " 'l': [1, 'a', false]}"));
    assertThatThrownBy(() -> EVALUATOR.evaluateInputs(binding(null, "{'nan': 0.0 / 0.0}"), null))
        .isInstanceOf(BindingEvaluationFailed.class)
        .hasMessageContaining("/nan");
  }

  @Test
  void an_unbound_declared_variable_is_reported_not_returned() {
    CelBindingCompiler compiler = new CelBindingCompiler();
    var ast = compiler.compileInputs("{'x': pkg.inputs.x}", "/inputs/bindings").ast();

    assertThatThrownBy(() -> EVALUATOR.evaluateHere("/inputs/bindings", ast, Map.of()))
        .isInstanceOf(BindingEvaluationFailed.class)
        .hasMessageContaining("declared but not bound");
  }

  @Test
  void null_install_values_are_cel_null() {
    assertThat(
            EVALUATOR.evaluateInputs(
                binding(null, "{'isNull': pkg.inputs.v == null}"), json("{'v': null}")))
        .isEqualTo(json("{'isNull': true}"));
  }

  // ---- bounds

  @Test
  void runaway_nested_comprehensions_are_stopped_by_the_iteration_budget() {
    String ten = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
    String runaway =
        "{'x': " + ten + ".map(a, " + ten + ".map(b, " + ten + ".map(c, " + ten + ".map(d, "
            + ten + ".map(e, " + ten + ".map(f, a + b + c + d + e + f))))))}";

    EvaluationLimitExceeded failure =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                catchThrowableOfType(
                    EvaluationLimitExceeded.class,
                    () -> EVALUATOR.evaluateInputs(binding(null, runaway), null)));

    assertThat(failure.code()).isEqualTo("evaluation_limit_exceeded");
    assertThat(failure.violations())
        .extracting(Violation::pointer, Violation::code)
        .containsExactly(tuple("/inputs/bindings", "evaluation_limit_exceeded"));
  }

  @Test
  void the_iteration_budget_is_shared_by_all_comprehensions_of_an_evaluation() {
    EvaluationLimits patient = EvaluationLimits.defaults().withTimeout(Duration.ofSeconds(30));
    String ten = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
    // 10 + 100 + 1,000 + 10,000 iterations: every single comprehension stays far below the budget
    String nested =
        "{'x': " + ten + ".all(a, " + ten + ".all(b, " + ten + ".all(c, " + ten
            + ".all(d, true))))}";

    try (BindingEvaluator evaluator = new BindingEvaluator(patient.withComprehensionMaxIterations(11_110))) {
      assertThat(evaluator.evaluateInputs(binding(null, nested), null)).isEqualTo(json("{'x': true}"));
    }
    try (BindingEvaluator evaluator = new BindingEvaluator(patient.withComprehensionMaxIterations(11_109))) {
      assertThatThrownBy(() -> evaluator.evaluateInputs(binding(null, nested), null))
          .isInstanceOf(EvaluationLimitExceeded.class)
          .hasMessageContaining("more than 11109 comprehension iterations");
    }
  }

  @Test
  void an_evaluation_over_the_timeout_is_stopped_and_frees_its_worker() {
    EvaluationLimits slowLimits =
        new EvaluationLimits(Duration.ofMillis(300), Integer.MAX_VALUE, 10_000, 256 * 1024, 64 * 1024, 1 << 20, 1, 4);
    StringBuilder hundred = new StringBuilder("[0");
    for (int i = 1; i < 100; i++) {
      hundred.append(", ").append(i);
    }
    String range = hundred.append("]").toString();
    String huge =
        "{'x': " + range + ".all(a, " + range + ".all(b, " + range + ".all(c, " + range
            + ".all(d, a + b + c + d >= 0))))}";

    try (BindingEvaluator slow = new BindingEvaluator(slowLimits)) {
      long started = System.nanoTime();
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () ->
              assertThatThrownBy(() -> slow.evaluateInputs(binding(null, huge), null))
                  .isInstanceOf(EvaluationLimitExceeded.class)
                  .hasMessageContaining("300 ms"));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

      // one worker only: this succeeds only if the runaway evaluation really stopped
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> assertThat(slow.evaluateInputs(binding(null, "{'ok': true}"), null))
              .isEqualTo(json("{'ok': true}")));
    }
  }

  @Test
  void a_catastrophically_backtracking_pattern_is_stopped_by_the_timeout() {
    EvaluationLimits limits = EvaluationLimits.defaults().withTimeout(Duration.ofMillis(300));
    String schema = "{'type': 'object', 'properties': {'v': {'type': 'string', 'pattern': '(.*a){12}b'}}}";
    ObjectNode install = JsonNodeFactory.instance.objectNode().put("v", "a".repeat(40) + "!");

    try (BindingEvaluator evaluator = new BindingEvaluator(limits)) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () ->
              assertThatThrownBy(() -> evaluator.evaluateInputs(binding(schema, null), install))
                  .isInstanceOf(EvaluationLimitExceeded.class));
    }
  }

  @Test
  void a_result_with_too_many_nodes_is_refused() {
    EvaluationLimits limits =
        new EvaluationLimits(Duration.ofSeconds(2), 10_000, 10, 256 * 1024, 64 * 1024, 1 << 20, 1, 4);

    try (BindingEvaluator evaluator = new BindingEvaluator(limits)) {
      assertThatThrownBy(
              () ->
                  evaluator.evaluateInputs(
                      binding(null, "{'l': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}"), null))
          .isInstanceOf(EvaluationLimitExceeded.class)
          .hasMessageContaining("more than 10 JSON nodes");
    }
  }

  @Test
  void a_closed_evaluator_refuses_work() {
    BindingEvaluator evaluator = new BindingEvaluator();
    evaluator.close();

    assertThatThrownBy(() -> evaluator.evaluateInputs(binding(null, "{}"), null))
        .isInstanceOfSatisfying(
            EvaluatorUnavailable.class, e -> assertThat(e.code()).isEqualTo("evaluator_unavailable"));
  }

  @Test
  void stored_metadata_that_fails_release_validation_is_refused() {
    assertThatThrownBy(
            () ->
                EVALUATOR.evaluateInputs(
                    binding("{'type': 'object', '$ref': 'https://example.com/s.json'}", null), null))
        .isInstanceOfSatisfying(
            ReleaseMetadataInvalid.class,
            e -> assertThat(e.violations()).extracting(Violation::pointer)
                .containsExactly("/inputs/schema/$ref"));
  }

  // ---- outputs

  private static final String DB_OUTPUTS_SCHEMA =
      "{'type': 'object', 'required': ['url', 'port'], 'properties': {"
          + " 'url': {'type': 'string', 'format': 'uri'},"
          + " 'port': {'type': 'integer', 'minimum': 1, 'maximum': 65535},"
          + " 'region': {'type': 'string'}}}";

  private static final JsonNode GRAPH =
      json(
          "{'inputs': {'region': 'eu-west-1'},"
              + " 'db': {'href': 'https://db.example.com/x', 'outputs': {'port': 5432, 'host': 'db'}}}");

  @Test
  void outputs_bindings_project_the_entity_graph() {
    ObjectNode outputs =
        EVALUATOR.evaluateOutputs(
            binding(
                DB_OUTPUTS_SCHEMA,
                "{'url': entities.db.href, 'port': entities.db.outputs.port,"
                    + " 'region': entities.inputs.region}"),
            GRAPH);

    assertThat(outputs)
        .isEqualTo(json("{'url': 'https://db.example.com/x', 'port': 5432, 'region': 'eu-west-1'}"));
  }

  @Test
  void outputs_violating_the_schema_are_reported_with_pointers() {
    OutputsInvalid failure =
        catchThrowableOfType(
            OutputsInvalid.class,
            () ->
                EVALUATOR.evaluateOutputs(
                    binding(
                        DB_OUTPUTS_SCHEMA,
                        "{'url': entities.db.href, 'port': entities.db.outputs.port * 100,"
                            + " 'region': 5}"),
                    GRAPH));

    assertThat(failure.code()).isEqualTo("outputs_invalid");
    assertThat(failure.violations())
        .extracting(Violation::pointer, Violation::code)
        .containsExactlyInAnyOrder(tuple("/port", "maximum"), tuple("/region", "type"));
  }

  @Test
  void non_literal_outputs_must_still_have_the_declared_keys() {
    OutputsInvalid failure =
        catchThrowableOfType(
            OutputsInvalid.class,
            () -> EVALUATOR.evaluateOutputs(binding(DB_OUTPUTS_SCHEMA, "entities.db.outputs"), GRAPH));

    assertThat(failure.violations())
        .extracting(Violation::pointer, Violation::code)
        .contains(
            tuple("/host", "output_key_undeclared"),
            tuple("/url", "output_key_missing"),
            tuple("/region", "output_key_missing"),
            tuple("/url", "required"));
  }

  @Test
  void a_missing_entity_is_a_binding_failure() {
    assertThatThrownBy(
            () ->
                EVALUATOR.evaluateOutputs(
                    binding(
                        DB_OUTPUTS_SCHEMA,
                        "{'url': entities.cache.href, 'port': 1, 'region': 'x'}"),
                    GRAPH))
        .isInstanceOfSatisfying(
            BindingEvaluationFailed.class,
            e -> assertThat(e.violations()).singleElement()
                .satisfies(v -> {
                  assertThat(v.pointer()).isEqualTo("/outputs/bindings");
                  assertThat(v.message()).contains("'cache'");
                }));
  }

  @Test
  void absent_outputs_yield_an_empty_map() {
    assertThat(EVALUATOR.evaluateOutputs(null, GRAPH)).isEmpty();
  }

  @Test
  void an_evaluator_is_safe_to_share_between_threads() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<ObjectNode>>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () ->
                    EVALUATOR.evaluateInputs(
                        binding(null, "{'twice': pkg.inputs.n * 2}"), json("{'n': " + n + "}"))));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get().get("twice").longValue()).isEqualTo(2L * i);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
