package io.registry.release;

import java.util.List;

/** An evaluation hit a bound of {@link EvaluationLimits}: the comprehension iteration budget, the wall-clock timeout, the result size or the size of the entity graph. */
public final class EvaluationLimitExceeded extends ProvisioningException {

  /** {@value} */
  public static final String CODE = "evaluation_limit_exceeded";

  EvaluationLimitExceeded(String summary, List<Violation> violations, Throwable cause) {
    super(summary, violations, cause);
  }

  EvaluationLimitExceeded(String summary, List<Violation> violations) {
    this(summary, violations, null);
  }

  @Override
  public String code() {
    return CODE;
  }
}
