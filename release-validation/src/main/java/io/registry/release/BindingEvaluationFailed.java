package io.registry.release;

import java.util.List;

/** A bindings expression failed at evaluation (no such key, no matching overload, division by zero, ...) or yielded something that is not a map with string keys or not JSON; the message carries CEL's error. */
public final class BindingEvaluationFailed extends ProvisioningException {

  /** {@value} */
  public static final String CODE = "binding_evaluation_failed";

  BindingEvaluationFailed(String summary, List<Violation> violations, Throwable cause) {
    super(summary, violations, cause);
  }

  BindingEvaluationFailed(String summary, List<Violation> violations) {
    this(summary, violations, null);
  }

  @Override
  public String code() {
    return CODE;
  }
}
