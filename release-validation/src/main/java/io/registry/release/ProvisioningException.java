package io.registry.release;

import java.util.List;

/**
 * Why a provisioning-time evaluation ({@link BindingEvaluator}) produced no result. Each subtype
 * has a stable {@link #code()} and the {@link #violations()} behind it.
 */
public abstract sealed class ProvisioningException extends RuntimeException
    permits InstallInputsInvalid,
        BindingEvaluationFailed,
        OutputsInvalid,
        EvaluationLimitExceeded,
        EvaluatorUnavailable,
        ReleaseMetadataInvalid {

  private final transient List<Violation> violations;

  ProvisioningException(String summary, List<Violation> violations, Throwable cause) {
    super(message(summary, violations), cause);
    this.violations = List.copyOf(violations);
  }

  /** The stable machine code of this failure. */
  public abstract String code();

  /** Every violation found; never empty. */
  public List<Violation> violations() {
    return violations;
  }

  private static String message(String summary, List<Violation> violations) {
    StringBuilder text = new StringBuilder(summary);
    for (Violation violation : violations) {
      text.append("; ")
          .append(violation.pointer().isEmpty() ? "(root)" : violation.pointer())
          .append(": ")
          .append(violation.message());
    }
    return text.toString();
  }
}
