package io.registry.release;

import java.util.List;

/** The stored {@code inputs}/{@code outputs} metadata fails release-time validation (it should have been rejected at confirm time); the violations are those of {@link ReleaseMetadataValidator}. */
public final class ReleaseMetadataInvalid extends ProvisioningException {

  /** {@value} */
  public static final String CODE = "release_metadata_invalid";

  ReleaseMetadataInvalid(String summary, List<Violation> violations, Throwable cause) {
    super(summary, violations, cause);
  }

  ReleaseMetadataInvalid(String summary, List<Violation> violations) {
    this(summary, violations, null);
  }

  @Override
  public String code() {
    return CODE;
  }
}
