package io.registry.release;

import java.util.List;

/** The install inputs do not satisfy {@code inputs.schema} (pointers are relative to the install inputs), or are too large. */
public final class InstallInputsInvalid extends ProvisioningException {

  /** {@value} */
  public static final String CODE = "install_inputs_invalid";

  InstallInputsInvalid(String summary, List<Violation> violations, Throwable cause) {
    super(summary, violations, cause);
  }

  InstallInputsInvalid(String summary, List<Violation> violations) {
    this(summary, violations, null);
  }

  @Override
  public String code() {
    return CODE;
  }
}
