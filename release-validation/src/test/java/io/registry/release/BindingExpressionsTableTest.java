package io.registry.release;

import static io.registry.release.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a bindings expression may say: one table of expressions that are released and what they
 * evaluate to, one of expressions refused at release with their code and position.
 *
 * <p>Each accepted expression {@code e} is released as {@code {'r': e}}, then evaluated at install
 * time against {@link #INSTALL_INPUTS} ({@code pkg.inputs}) or {@link #ENTITY_GRAPH} ({@code
 * entities}); the table gives the expected value of {@code r} as JSON.
 */
class BindingExpressionsTableTest {

  private static final CelBindingCompiler COMPILER = new CelBindingCompiler();
  private static final BindingEvaluator EVALUATOR =
      new BindingEvaluator(EvaluationLimits.defaults(), COMPILER);

  @AfterAll
  static void closeEvaluator() {
    EVALUATOR.close();
  }

  private static final JsonNode INSTALL_INPUTS =
      json(
          "{'s': 'ab', 't': 'cd', 'i': 2, 'j': 3, 'd': 1.5, 'l': [1, 2], 'm': [3],"
              + " 'names': ['a', 'b'], 'flag': true, 'obj': {'k': 'v'}, 'nothing': null}");

  private static final JsonNode ENTITY_GRAPH =
      json(
          "{'inputs': {'name': 'orders', 'replicas': 2},"
              + " 'db': {'href': 'https://db.example.com/x', 'outputs': {'port': 5432, 'host': 'db'}}}");

  private static final String INPUTS = "pkg";
  private static final String OUTPUTS = "entities";

  private static Arguments accepted(String scope, String expression, String expectedJson) {
    return Arguments.of(scope, expression, expectedJson);
  }

  static Stream<Arguments> acceptedExpressions() {
    return Stream.of(
        // + on two inputs, resolved by the values' types at evaluation
        accepted(INPUTS, "pkg.inputs.s + pkg.inputs.t", "'abcd'"),
        accepted(INPUTS, "pkg.inputs.s + '-' + pkg.inputs.t", "'ab-cd'"),
        accepted(INPUTS, "pkg.inputs.i + pkg.inputs.j", "5"),
        accepted(INPUTS, "pkg.inputs.d + pkg.inputs.d", "3.0"),
        accepted(INPUTS, "pkg.inputs.l + pkg.inputs.m", "[1, 2, 3]"),
        // int and double mixed: computed as double
        accepted(INPUTS, "pkg.inputs.i + pkg.inputs.d", "3.5"),
        accepted(INPUTS, "pkg.inputs.d + pkg.inputs.i", "3.5"),
        accepted(INPUTS, "pkg.inputs.i - pkg.inputs.d", "0.5"),
        accepted(INPUTS, "pkg.inputs.d * pkg.inputs.i", "3.0"),
        accepted(INPUTS, "pkg.inputs.j / pkg.inputs.d", "2.0"),
        accepted(INPUTS, "1 + 2.5", "3.5"),
        accepted(INPUTS, "pkg.inputs.j / pkg.inputs.i", "1"),
        accepted(INPUTS, "pkg.inputs.j % pkg.inputs.i", "1"),
        accepted(INPUTS, "-pkg.inputs.d", "-1.5"),
        // comparisons, also across int and double
        accepted(INPUTS, "pkg.inputs.i < pkg.inputs.j", "true"),
        accepted(INPUTS, "pkg.inputs.i < pkg.inputs.d", "false"),
        accepted(INPUTS, "pkg.inputs.d <= pkg.inputs.i", "true"),
        accepted(INPUTS, "1 < 1.5", "true"),
        accepted(INPUTS, "pkg.inputs.s < pkg.inputs.t", "true"),
        accepted(INPUTS, "pkg.inputs.s >= pkg.inputs.t", "false"),
        accepted(INPUTS, "pkg.inputs.s == 'ab'", "true"),
        accepted(INPUTS, "pkg.inputs.i == 2.0", "true"),
        accepted(INPUTS, "pkg.inputs.i != pkg.inputs.j", "true"),
        accepted(INPUTS, "pkg.inputs.nothing == null", "true"),
        accepted(INPUTS, "pkg.inputs.flag && pkg.inputs.i > 1 || false", "true"),
        // ?:, has(), in
        accepted(INPUTS, "pkg.inputs.flag ? pkg.inputs.s : pkg.inputs.t", "'ab'"),
        accepted(INPUTS, "pkg.inputs.i > pkg.inputs.j ? 'big' : 'small'", "'small'"),
        accepted(INPUTS, "has(pkg.inputs.obj.k)", "true"),
        accepted(INPUTS, "has(pkg.inputs.absent) ? pkg.inputs.absent : 'fallback'", "'fallback'"),
        accepted(INPUTS, "'a' in pkg.inputs.names", "true"),
        accepted(INPUTS, "pkg.inputs.i in pkg.inputs.l", "true"),
        accepted(INPUTS, "'k' in pkg.inputs.obj", "true"),
        // macros
        accepted(INPUTS, "pkg.inputs.names.all(n, n.size() == 1)", "true"),
        accepted(INPUTS, "pkg.inputs.l.exists(x, x > pkg.inputs.i - 1)", "true"),
        accepted(INPUTS, "pkg.inputs.names.exists_one(n, n == 'a')", "true"),
        accepted(INPUTS, "pkg.inputs.l.map(x, x * pkg.inputs.d)", "[1.5, 3.0]"),
        accepted(INPUTS, "pkg.inputs.names.map(n, n + pkg.inputs.s)", "['aab', 'bab']"),
        accepted(INPUTS, "pkg.inputs.l.filter(x, x >= pkg.inputs.i)", "[2]"),
        // string functions and conversions
        accepted(INPUTS, "pkg.inputs.s.size()", "2"),
        accepted(INPUTS, "size(pkg.inputs.l)", "2"),
        accepted(INPUTS, "pkg.inputs.s.startsWith('a')", "true"),
        accepted(INPUTS, "pkg.inputs.s.endsWith(pkg.inputs.t)", "false"),
        accepted(INPUTS, "(pkg.inputs.s + pkg.inputs.t).contains(pkg.inputs.t)", "true"),
        accepted(INPUTS, "pkg.inputs.s.matches('^[a-z]+$')", "true"),
        accepted(INPUTS, "string(pkg.inputs.i) + pkg.inputs.s", "'2ab'"),
        accepted(INPUTS, "int(pkg.inputs.d)", "1"),
        accepted(INPUTS, "double(pkg.inputs.i) + pkg.inputs.d", "3.5"),
        // nested structures
        accepted(INPUTS, "{'name': pkg.inputs.s + '-' + pkg.inputs.t, 'n': [pkg.inputs.i]}",
            "{'name': 'ab-cd', 'n': [2]}"),
        accepted(INPUTS, "pkg.inputs.obj", "{'k': 'v'}"),
        // outputs bindings combine entities the same way
        accepted(OUTPUTS, "entities.db.href + '/' + entities.inputs.name",
            "'https://db.example.com/x/orders'"),
        accepted(OUTPUTS, "entities.db.outputs.port + entities.inputs.replicas", "5434"),
        accepted(OUTPUTS, "entities.db.outputs.host + ':' + string(entities.db.outputs.port)",
            "'db:5432'"),
        accepted(OUTPUTS, "entities.db.outputs.port > 1024 && has(entities.db.href)", "true"));
  }

  @ParameterizedTest(name = "[{0}] {1} = {2}")
  @MethodSource("acceptedExpressions")
  void accepted_expression_is_released_and_evaluates_to_the_expected_value(
      String scope, String expression, String expectedJson) {
    String source = "{'r': " + expression + "}";
    List<BindingIssue> issues =
        scope.equals(INPUTS)
            ? COMPILER.checkInputs(source, "/inputs/bindings")
            : COMPILER.checkOutputs(source, Set.of("r"), "/outputs/bindings");
    assertThat(issues).isEmpty();

    ObjectNode result =
        scope.equals(INPUTS)
            ? EVALUATOR.evaluateInputs(metadata(null, source), INSTALL_INPUTS)
            : EVALUATOR.evaluateOutputs(
                metadata("{'type': 'object', 'properties': {'r': true}}", source), ENTITY_GRAPH);

    assertThat(result).isEqualTo(JsonNodeFactory.instance.objectNode().set("r", json(expectedJson)));
  }

  private static Arguments refused(
      String scope, String source, String code, int line, int column, String messagePart) {
    return Arguments.of(scope, source, code, line, column, messagePart);
  }

  static Stream<Arguments> refusedExpressions() {
    String check = ViolationCodes.CEL_CHECK_ERROR;
    String syntax = ViolationCodes.CEL_SYNTAX_ERROR;
    String resultType = ViolationCodes.INVALID_RESULT_TYPE;
    return Stream.of(
        refused(INPUTS, "{'r': foo}", check, 1, 7, "undeclared reference to 'foo'"),
        refused(INPUTS, "{'r': pkg.inputs.a,\n 'q': bar.x}", check, 2, 7, "undeclared reference to 'bar'"),
        refused(INPUTS, "{'r': entities.inputs.a}", check, 1, 7, "undeclared reference to 'entities'"),
        refused(INPUTS, "{'r': pkg.inputs.a +}", syntax, 1, 21, "mismatched input '}'"),
        refused(INPUTS, "{'r': (pkg.inputs.a}", syntax, 1, 20, "missing ')'"),
        refused(INPUTS, "{'r': 'a' + 1}", check, 1, 11, "no matching overload for '_+_'"),
        refused(INPUTS, "{'r': 1 == 'a'}", check, 1, 9, "no matching overload for '_==_'"),
        refused(INPUTS, "{'r': size(1)}", check, 1, 11, "no matching overload for 'size'"),
        refused(INPUTS, "{'r': pkg.inputs.s.shout()}", check, 1, 25, "undeclared reference to 'shout'"),
        refused(INPUTS, "{'r': [1, 2].all(x, x + 1)}", check, 1, 17, "applied to '(bool, int)'"),
        refused(INPUTS, "{'r': has(pkg)}", syntax, 1, 10, "invalid argument to has() macro"),
        refused(INPUTS, "'a' + 'b'", resultType, 0, 0, "its type is string"),
        refused(INPUTS, "pkg.inputs.i < pkg.inputs.j", resultType, 0, 0, "its type is bool"),
        refused(INPUTS, "{1: 'one'}", resultType, 0, 0, "map(int, string)"),
        refused(OUTPUTS, "{'r': pkg.inputs.a}", check, 1, 7, "undeclared reference to 'pkg'"),
        refused(OUTPUTS, "{'r': entities.db.href, 'extra': 1}", ViolationCodes.OUTPUT_KEY_UNDECLARED,
            1, 25, "\"extra\""),
        refused(OUTPUTS, "{}", ViolationCodes.OUTPUT_KEY_MISSING, 0, 0, "\"r\""),
        refused(OUTPUTS, "{'r': 1, entities.inputs.k: 2}", ViolationCodes.OUTPUT_KEY_NOT_LITERAL,
            1, 10, "must be string literals"),
        refused(OUTPUTS, "{'r': 1, 'r': 2}", ViolationCodes.DUPLICATE_OUTPUT_KEY, 1, 10, "\"r\""));
  }

  @ParameterizedTest(name = "[{0}] {1} -> {2} at {3}:{4}")
  @MethodSource("refusedExpressions")
  void refused_expression_is_reported_with_its_code_and_position(
      String scope, String source, String code, int line, int column, String messagePart) {
    List<BindingIssue> issues =
        scope.equals(INPUTS)
            ? COMPILER.checkInputs(source, "/inputs/bindings")
            : COMPILER.checkOutputs(source, Set.of("r"), "/outputs/bindings");

    assertThat(issues)
        .extracting(BindingIssue::code, BindingIssue::line, BindingIssue::column)
        .containsExactly(tuple(code, line, column));
    assertThat(issues.get(0).message()).contains(messagePart);
  }

  private static ObjectNode metadata(String schemaJson, String bindings) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (schemaJson != null) {
      node.set("schema", json(schemaJson));
    }
    node.set("bindings", TextNode.valueOf(bindings));
    return node;
  }
}
