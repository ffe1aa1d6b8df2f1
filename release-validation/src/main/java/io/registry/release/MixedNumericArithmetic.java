package io.registry.release;

import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code + - * /} between an {@code int} and a {@code double}, in either order, computed as
 * {@code double}.
 *
 * <p>Standard CEL has no implicit numeric conversion, so {@code 2 * 1.5} has no overload. Install
 * inputs are JSON, where {@code 2} and {@code 2.0} are the same number of a {@code "type":
 * "number"} property, but they arrive as a CEL {@code int} and a CEL {@code double}: without these
 * overloads {@code pkg.inputs.cpu * 1.5} would work for {@code 1.5} and fail for {@code 2}.
 * Comparisons between the two need no overloads: {@code enableHeterogeneousNumericComparisons}
 * covers them.
 */
final class MixedNumericArithmetic implements CelCompilerLibrary, CelRuntimeLibrary {

  static final MixedNumericArithmetic INSTANCE = new MixedNumericArithmetic();

  private record Operator(String function, String name, DoubleOperation operation) {}

  private interface DoubleOperation {
    double apply(double left, double right);
  }

  private static final List<Operator> OPERATORS =
      List.of(
          new Operator("_+_", "add", (a, b) -> a + b),
          new Operator("_-_", "subtract", (a, b) -> a - b),
          new Operator("_*_", "multiply", (a, b) -> a * b),
          new Operator("_/_", "divide", (a, b) -> a / b));

  private MixedNumericArithmetic() {}

  @Override
  public void setCheckerOptions(CelCheckerBuilder checker) {
    List<CelFunctionDecl> declarations = new ArrayList<>();
    for (Operator operator : OPERATORS) {
      declarations.add(
          CelFunctionDecl.newFunctionDeclaration(
              operator.function(),
              CelOverloadDecl.newGlobalOverload(
                  intDoubleId(operator), SimpleType.DOUBLE, SimpleType.INT, SimpleType.DOUBLE),
              CelOverloadDecl.newGlobalOverload(
                  doubleIntId(operator), SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.INT)));
    }
    checker.addFunctionDeclarations(declarations);
  }

  @Override
  public void setRuntimeOptions(CelRuntimeBuilder runtime) {
    List<CelFunctionBinding> bindings = new ArrayList<>();
    for (Operator operator : OPERATORS) {
      DoubleOperation operation = operator.operation();
      bindings.add(
          CelFunctionBinding.from(
              intDoubleId(operator),
              Long.class,
              Double.class,
              (CelFunctionOverload.Binary<Long, Double>) (a, b) -> operation.apply(a, b)));
      bindings.add(
          CelFunctionBinding.from(
              doubleIntId(operator),
              Double.class,
              Long.class,
              (CelFunctionOverload.Binary<Double, Long>) (a, b) -> operation.apply(a, b)));
    }
    runtime.addFunctionBindings(bindings);
  }

  private static String intDoubleId(Operator operator) {
    return "registry_" + operator.name() + "_int64_double";
  }

  private static String doubleIntId(Operator operator) {
    return "registry_" + operator.name() + "_double_int64";
  }
}
