package io.registry.release;

import java.util.List;

/** The evaluated outputs map does not satisfy {@code outputs.schema} or its keys differ from {@code outputs.schema.properties} (pointers are relative to the outputs map). */
public final class OutputsInvalid extends ProvisioningException {

  /** {@value} */
  public static final String CODE = "outputs_invalid";

  OutputsInvalid(String summary, List<Violation> violations, Throwable cause) {
    super(summary, violations, cause);
  }

  OutputsInvalid(String summary, List<Violation> violations) {
    this(summary, violations, null);
  }

  @Override
  public String code() {
    return CODE;
  }
}
