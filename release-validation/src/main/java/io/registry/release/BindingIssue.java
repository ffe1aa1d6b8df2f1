package io.registry.release;

/**
 * A problem with a CEL bindings expression found at release time.
 *
 * @param pointer JSON pointer of the expression ({@code /inputs/bindings}, {@code
 *     /outputs/bindings})
 * @param code see {@link ViolationCodes}
 * @param line 1-based line in the expression, or 0 when the issue concerns the whole expression
 * @param column 1-based column (in code points) in that line, or 0 with line 0
 * @param message the explanation, CEL's own for syntax and check errors
 */
public record BindingIssue(String pointer, String code, int line, int column, String message) {

  /** The same issue as a {@link Violation}; the position leads the message when there is one. */
  public Violation toViolation() {
    String where = line > 0 ? "line " + line + ", column " + column + ": " : "";
    return new Violation(pointer, code, where + message);
  }
}
