package io.registry.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CelBindingCompilerTest {

  private static final CelBindingCompiler COMPILER = new CelBindingCompiler();

  private static List<BindingIssue> inputs(String source) {
    return COMPILER.checkInputs(source, "/inputs/bindings");
  }

  private static List<BindingIssue> outputs(String source, Set<String> declared) {
    return COMPILER.checkOutputs(source, declared, "/outputs/bindings");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'region': pkg.inputs.region, 'size': 3, 'replicas': pkg.inputs.n * 2}",
        "{'name': 'static', 'nested': {'a': [1, 2.5, true, null]}}",
        "pkg.inputs",
        "has(pkg.inputs.x) ? {'x': pkg.inputs.x} : {'x': 'default'}",
        "{'upper': pkg.inputs.names.map(n, n + '!'), 'any': pkg.inputs.names.exists(n, n == 'a')}",
        "{}"
      })
  void valid_inputs_bindings_compile(String source) {
    assertThat(inputs(source)).isEmpty();
  }

  @Test
  void valid_outputs_bindings_compile_with_entities_in_scope() {
    assertThat(
            outputs(
                "{'url': entities.db.href, 'port': entities.db.outputs.port,"
                    + " 'region': entities.inputs.region}",
                Set.of("url", "port", "region")))
        .isEmpty();
  }

  @Test
  void undeclared_variable_is_a_check_error_with_line_and_column() {
    List<BindingIssue> issues = inputs("{\n  'a': pkg.inputs.a,\n  'b': foo.bar\n}");

    assertThat(issues)
        .extracting(
            BindingIssue::pointer, BindingIssue::code, BindingIssue::line, BindingIssue::column)
        .containsExactly(tuple("/inputs/bindings", "cel_check_error", 3, 8));
    assertThat(issues.get(0).message()).contains("undeclared reference to 'foo'");
    assertThat(issues.get(0).toViolation().message())
        .startsWith("line 3, column 8: undeclared reference to 'foo'");
  }

  @Test
  void each_scope_has_only_its_own_variable() {
    assertThat(inputs("{'a': entities.inputs.a}"))
        .extracting(BindingIssue::code, BindingIssue::column)
        .containsExactly(tuple("cel_check_error", 7));
    assertThat(outputs("{'a': pkg.inputs.a}", Set.of("a")))
        .extracting(BindingIssue::code, BindingIssue::column)
        .containsExactly(tuple("cel_check_error", 7));
  }

  @Test
  void syntax_error_carries_its_position() {
    List<BindingIssue> issues = inputs("{'a': pkg.inputs.a +}");

    assertThat(issues)
        .extracting(BindingIssue::code, BindingIssue::line, BindingIssue::column)
        .containsExactly(tuple("cel_syntax_error", 1, 21));
  }

  @Test
  void expressions_that_cannot_yield_a_string_keyed_map_are_rejected() {
    assertThat(inputs("size(pkg.inputs.names)")).extracting(BindingIssue::code).containsExactly("invalid_result_type");
    assertThat(inputs("pkg.inputs.a < pkg.inputs.b")).extracting(BindingIssue::code).containsExactly("invalid_result_type");
    assertThat(inputs("[1, 2]")).extracting(BindingIssue::code).containsExactly("invalid_result_type");
    assertThat(inputs("{1: 'one'}")).extracting(BindingIssue::code).containsExactly("invalid_result_type");
    assertThat(outputs("'text'", Set.of())).extracting(BindingIssue::code).containsExactly("invalid_result_type");
  }

  @Test
  void operators_on_dyn_values_are_only_known_to_yield_a_map_or_not_at_evaluation() {
    // pkg.inputs.n * 2 matches int * int and double * int: its checked type is dyn, as a map's could be
    assertThat(inputs("pkg.inputs.n * 2")).isEmpty();
  }

  @Test
  void outputs_map_literal_keys_must_match_the_schema_properties() {
    List<BindingIssue> issues =
        outputs(
            "{'url': entities.db.href,\n 'extra': 1}", new java.util.LinkedHashSet<>(List.of("url", "port")));

    assertThat(issues)
        .extracting(BindingIssue::code, BindingIssue::line, BindingIssue::column)
        .containsExactly(tuple("output_key_undeclared", 2, 2), tuple("output_key_missing", 0, 0));
    assertThat(issues.get(0).message()).contains("\"extra\"");
    assertThat(issues.get(1).message()).contains("\"port\"");
  }

  @Test
  void outputs_map_literal_keys_must_be_distinct_string_literals() {
    List<BindingIssue> issues =
        outputs("{'a': 1, 'a': 2, entities.inputs.k: 3}", Set.of("a"));

    assertThat(issues)
        .extracting(BindingIssue::code, BindingIssue::column)
        .containsExactly(tuple("duplicate_output_key", 10), tuple("output_key_not_literal", 18));
  }

  @Test
  void outputs_keys_are_only_compared_for_map_literals() {
    assertThat(outputs("entities.db.outputs", Set.of("url"))).isEmpty();
  }

  @Test
  void outputs_keys_are_not_compared_when_the_schema_is_unusable() {
    assertThat(outputs("{'anything': 1}", null)).isEmpty();
  }

  @Test
  void expression_longer_than_the_code_point_limit_is_rejected() {
    String longString = "{'a': '" + "\uD83D\uDE00".repeat(ReleaseLimits.MAX_BINDINGS_CODE_POINTS) + "'}";

    assertThat(inputs(longString)).extracting(BindingIssue::code).containsExactly("too_large");
  }

  @Test
  void expression_at_the_code_point_limit_is_accepted() {
    String padding = "x".repeat(ReleaseLimits.MAX_BINDINGS_CODE_POINTS - "{'a': ''}".length());

    assertThat(inputs("{'a': '" + padding + "'}")).isEmpty();
  }

  @Test
  void nesting_deeper_than_the_parser_recursion_limit_is_rejected() {
    String deep = "{'a': " + "[".repeat(150) + "1" + "]".repeat(150) + "}";

    assertThat(inputs(deep)).extracting(BindingIssue::code).contains("cel_syntax_error");
  }
}
