package io.registry.release;

import java.util.List;

/** The evaluation was not run to completion for reasons outside the expression: too many evaluations waiting, the evaluator closed, or the calling thread interrupted. Retrying later may succeed. */
public final class EvaluatorUnavailable extends ProvisioningException {

  /** {@value} */
  public static final String CODE = "evaluator_unavailable";

  EvaluatorUnavailable(String summary, List<Violation> violations, Throwable cause) {
    super(summary, violations, cause);
  }

  EvaluatorUnavailable(String summary, List<Violation> violations) {
    this(summary, violations, null);
  }

  @Override
  public String code() {
    return CODE;
  }
}
