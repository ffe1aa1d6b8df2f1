package io.registry.release;

import java.util.Objects;

/**
 * One problem found in release metadata or in provisioning-time data.
 *
 * @param pointer RFC 6901 JSON pointer of the offending value, relative to the document that was
 *     checked (the confirm body for release metadata, the install inputs or the outputs map at
 *     provisioning time); {@code ""} is the document root
 * @param code stable machine code, see {@link ViolationCodes}
 * @param message human-readable explanation; never parse it
 */
public record Violation(String pointer, String code, String message) {

  public Violation {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
