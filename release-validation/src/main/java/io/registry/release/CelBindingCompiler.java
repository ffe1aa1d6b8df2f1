package io.registry.release;

import static io.registry.release.ViolationCodes.CEL_CHECK_ERROR;
import static io.registry.release.ViolationCodes.CEL_SYNTAX_ERROR;
import static io.registry.release.ViolationCodes.DUPLICATE_OUTPUT_KEY;
import static io.registry.release.ViolationCodes.INVALID_RESULT_TYPE;
import static io.registry.release.ViolationCodes.OUTPUT_KEY_MISSING;
import static io.registry.release.ViolationCodes.OUTPUT_KEY_NOT_LITERAL;
import static io.registry.release.ViolationCodes.OUTPUT_KEY_UNDECLARED;
import static io.registry.release.ViolationCodes.TOO_LARGE;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles the CEL bindings of release metadata with cel-java.
 *
 * <ul>
 *   <li>{@code inputs.bindings} sees one variable, {@code pkg} of type {@code map(string, dyn)};
 *       install values are {@code pkg.inputs.X}.
 *   <li>{@code outputs.bindings} sees one variable, {@code entities} of type {@code map(string,
 *       dyn)}: {@code entities.inputs} and {@code entities.<name>.href / .outputs}.
 *   <li>Any other identifier is a compile-time error ({@link ViolationCodes#CEL_CHECK_ERROR}) with
 *       its position; keys below {@code pkg}/{@code entities} are dynamic and only fail at
 *       evaluation.
 *   <li>Both must be able to yield a map: the checked result type must be {@code map(string, _)},
 *       {@code map(dyn, _)} or {@code dyn}.
 *   <li>When {@code outputs.bindings} is a map literal, its keys must be distinct string literals
 *       equal to the keys of {@code outputs.schema.properties}.
 * </ul>
 *
 * <p>The standard CEL functions and macros ({@code has all exists exists_one map filter}) are
 * available, plus {@code + - * /} between an {@code int} and a {@code double} ({@link
 * MixedNumericArithmetic}); no extensions. Operators and functions applied to {@code dyn} values
 * ({@code pkg.inputs.a + pkg.inputs.b}, {@code pkg.inputs.s.size()}) are checked for the overloads
 * they could match and resolved by value at evaluation; int and double compare with each other.
 * Parse limits: {@value ReleaseLimits#MAX_BINDINGS_CODE_POINTS} code
 * points, recursion depth {@value ReleaseLimits#MAX_BINDINGS_RECURSION_DEPTH}, {@value
 * ReleaseLimits#MAX_BINDINGS_NODES} expression nodes.
 *
 * <p>Immutable and thread-safe; build one and share it: the compilers are built once.
 */
public final class CelBindingCompiler {

  /** The variable in scope of {@code inputs.bindings}. */
  public static final String INPUTS_VARIABLE = "pkg";
  /** The variable in scope of {@code outputs.bindings}. */
  public static final String OUTPUTS_VARIABLE = "entities";

  private final CelCompiler inputsCompiler;
  private final CelCompiler outputsCompiler;

  public CelBindingCompiler() {
    this.inputsCompiler = compilerFor(INPUTS_VARIABLE);
    this.outputsCompiler = compilerFor(OUTPUTS_VARIABLE);
  }

  /** Compile-time options; the evaluator adds its runtime limits to the same base. */
  static CelOptions.Builder baseOptions() {
    return CelOptions.current()
        .maxExpressionCodePointSize(ReleaseLimits.MAX_BINDINGS_CODE_POINTS)
        .maxParseRecursionDepth(ReleaseLimits.MAX_BINDINGS_RECURSION_DEPTH)
        .maxParseExpressionNodeCount(ReleaseLimits.MAX_BINDINGS_NODES)
        .maxRegexProgramSize(1_000)
        // Everything below pkg/entities is dyn, so `pkg.inputs.a + pkg.inputs.b` matches the int,
        // double, string, list, ... overloads of _+_ at once. In compile-time resolution mode the
        // checker reports that as "more than one matching overload"; without it the call keeps all
        // candidates and the runtime picks by the argument values. Calls whose overload is unique
        // are still resolved when checked.
        .enableCompileTimeOverloadResolution(false)
        // 1 < 1.5 and pkg.inputs.count <= pkg.inputs.limit across int and double (JSON numbers)
        .enableHeterogeneousNumericComparisons(true)
        .errorOnDuplicateMapKeys(true);
  }

  private static CelCompiler compilerFor(String variable) {
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(baseOptions().build())
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addLibraries(MixedNumericArithmetic.INSTANCE)
        .addVar(variable, MapType.create(SimpleType.STRING, SimpleType.DYN))
        .build();
  }

  /**
   * Checks {@code inputs.bindings}.
   *
   * @param pointer where the expression is, usually {@code /inputs/bindings}
   * @return every issue; empty when the expression compiles
   */
  public List<BindingIssue> checkInputs(String source, String pointer) {
    return compile(inputsCompiler, source, pointer, null).issues();
  }

  /**
   * Checks {@code outputs.bindings}.
   *
   * @param declaredKeys the keys of {@code outputs.schema.properties} the map literal must produce;
   *     {@code null} when the schema is unusable (then the keys are not compared)
   * @param pointer where the expression is, usually {@code /outputs/bindings}
   * @return every issue; empty when the expression compiles and its keys match
   */
  public List<BindingIssue> checkOutputs(String source, Set<String> declaredKeys, String pointer) {
    return compile(outputsCompiler, source, pointer, declaredKeys).issues();
  }

  Compilation compileInputs(String source, String pointer) {
    return compile(inputsCompiler, source, pointer, null);
  }

  Compilation compileOutputs(String source, Set<String> declaredKeys, String pointer) {
    return compile(outputsCompiler, source, pointer, declaredKeys);
  }

  /** A checked AST when {@code issues} is empty, otherwise {@code null}. */
  record Compilation(CelAbstractSyntaxTree ast, List<BindingIssue> issues) {}

  private static Compilation compile(
      CelCompiler compiler, String source, String pointer, Set<String> declaredKeys) {
    List<BindingIssue> issues = new ArrayList<>();
    int codePoints = source.codePointCount(0, source.length());
    if (codePoints > ReleaseLimits.MAX_BINDINGS_CODE_POINTS) {
      issues.add(
          new BindingIssue(
              pointer,
              TOO_LARGE,
              0,
              0,
              "the expression has " + codePoints + " code points, more than "
                  + ReleaseLimits.MAX_BINDINGS_CODE_POINTS));
      return new Compilation(null, issues);
    }
    CelValidationResult parsed = compiler.parse(source);
    if (parsed.hasError()) {
      addIssues(parsed.getErrors(), pointer, CEL_SYNTAX_ERROR, issues);
      return new Compilation(null, issues);
    }
    CelAbstractSyntaxTree parsedAst = astOf(parsed);
    if (declaredKeys != null) {
      checkMapLiteralKeys(parsedAst, declaredKeys, pointer, issues);
    }
    CelValidationResult checked = compiler.check(parsedAst);
    if (checked.hasError()) {
      addIssues(checked.getErrors(), pointer, CEL_CHECK_ERROR, issues);
      return new Compilation(null, issues);
    }
    CelAbstractSyntaxTree checkedAst = astOf(checked);
    CelType resultType = checkedAst.getResultType();
    if (!canBeStringKeyedMap(resultType)) {
      issues.add(
          new BindingIssue(
              pointer,
              INVALID_RESULT_TYPE,
              0,
              0,
              "the expression must evaluate to a map with string keys, but its type is "
                  + display(resultType)));
    }
    return new Compilation(issues.isEmpty() ? checkedAst : null, issues);
  }

  private static CelAbstractSyntaxTree astOf(CelValidationResult result) {
    try {
      return result.getAst();
    } catch (CelValidationException e) {
      throw new IllegalStateException("CEL reported no error but returned no AST", e);
    }
  }

  private static void addIssues(
      List<CelIssue> celIssues, String pointer, String code, List<BindingIssue> out) {
    for (CelIssue issue : celIssues) {
      CelSourceLocation location = issue.getSourceLocation();
      boolean known = location != null && location.getLine() > 0;
      out.add(
          new BindingIssue(
              pointer,
              code,
              known ? location.getLine() : 0,
              known ? location.getColumn() + 1 : 0,
              issue.getMessage()));
    }
  }

  private static void checkMapLiteralKeys(
      CelAbstractSyntaxTree ast, Set<String> declaredKeys, String pointer, List<BindingIssue> out) {
    CelExpr root = ast.getExpr();
    if (root.getKind() != CelExpr.ExprKind.Kind.MAP) {
      return; // not a literal: the keys are compared with the schema at evaluation time
    }
    Set<String> produced = new LinkedHashSet<>();
    for (CelExpr.CelMap.Entry entry : root.map().entries()) {
      CelExpr key = entry.key();
      int[] position = position(ast, key);
      if (key.getKind() != CelExpr.ExprKind.Kind.CONSTANT
          || key.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
        out.add(
            new BindingIssue(
                pointer,
                OUTPUT_KEY_NOT_LITERAL,
                position[0],
                position[1],
                "the keys of the outputs map literal must be string literals"));
        continue;
      }
      String name = key.constant().stringValue();
      if (!produced.add(name)) {
        out.add(
            new BindingIssue(
                pointer,
                DUPLICATE_OUTPUT_KEY,
                position[0],
                position[1],
                "the outputs map literal has the key \"" + name + "\" more than once"));
      } else if (!declaredKeys.contains(name)) {
        out.add(
            new BindingIssue(
                pointer,
                OUTPUT_KEY_UNDECLARED,
                position[0],
                position[1],
                "the key \"" + name + "\" is not declared in outputs.schema.properties"));
      }
    }
    for (String declared : declaredKeys) {
      if (!produced.contains(declared)) {
        out.add(
            new BindingIssue(
                pointer,
                OUTPUT_KEY_MISSING,
                0,
                0,
                "outputs.schema.properties declares \"" + declared
                    + "\" but the outputs map literal has no such key"));
      }
    }
  }

  /**
   * Where {@code expr} starts as {line, column}, both 1-based, or {0, 0} when CEL recorded no
   * position. CEL positions a selection or an operator call at its dot or operator, so the start
   * is the smallest position in the subtree.
   */
  private static int[] position(CelAbstractSyntaxTree ast, CelExpr expr) {
    int offset = startOffset(ast, expr);
    if (offset == Integer.MAX_VALUE) {
      return new int[] {0, 0};
    }
    Optional<CelSourceLocation> location = ast.getSource().getOffsetLocation(offset);
    return location
        .map(l -> new int[] {l.getLine(), l.getColumn() + 1})
        .orElse(new int[] {0, 0});
  }

  private static int startOffset(CelAbstractSyntaxTree ast, CelExpr expr) {
    Integer own = ast.getSource().getPositionsMap().get(expr.id());
    int start = own == null ? Integer.MAX_VALUE : own;
    List<CelExpr> children = new ArrayList<>();
    switch (expr.getKind()) {
      case SELECT -> children.add(expr.select().operand());
      case CALL -> {
        expr.call().target().ifPresent(children::add);
        children.addAll(expr.call().args());
      }
      case LIST -> children.addAll(expr.list().elements());
      case MAP -> expr.map().entries().forEach(entry -> children.add(entry.key()));
      default -> {
        // constants and identifiers have their own position; comprehensions start at their range
      }
    }
    for (CelExpr child : children) {
      start = Math.min(start, startOffset(ast, child));
    }
    return start;
  }

  private static boolean canBeStringKeyedMap(CelType type) {
    CelKind kind = type.kind();
    if (kind == CelKind.DYN || kind == CelKind.ANY) {
      return true;
    }
    if (kind != CelKind.MAP) {
      return false;
    }
    CelKind keyKind = type.parameters().get(0).kind();
    return keyKind == CelKind.STRING || keyKind == CelKind.DYN;
  }

  private static String display(CelType type) {
    if (type.parameters().isEmpty()) {
      return type.name();
    }
    List<String> parameters = new ArrayList<>();
    type.parameters().forEach(parameter -> parameters.add(display(parameter)));
    return type.name() + "(" + String.join(", ", parameters) + ")";
  }
}
