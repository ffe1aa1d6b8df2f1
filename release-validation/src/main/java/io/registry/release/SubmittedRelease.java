package io.registry.release;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The release metadata fields of a confirm request as submitted, before any check: what
 * {@link ReleaseMetadataValidator} checks. (What is recorded once they pass is the event contract's
 * {@code io.registry.events.ReleaseMetadata}.)
 * Each may be {@code null}, a missing node or JSON {@code null}: all three mean "not given".
 *
 * @param inputs {@code {"schema": {...}, "bindings": "<CEL>"}}, both optional
 * @param outputs {@code {"schema": {...}, "bindings": "<CEL>"}}, both required when given
 * @param links array of {@code {href, rel, type?, titles?, properties?}}
 * @param properties object keyed by URN
 * @param tags array of strings
 */
public record SubmittedRelease(
    JsonNode inputs, JsonNode outputs, JsonNode links, JsonNode properties, JsonNode tags) {

  /** Nothing given. */
  public static SubmittedRelease none() {
    return new SubmittedRelease(null, null, null, null, null);
  }

  /** Picks {@code inputs outputs links properties tags} out of a (snake_case) confirm body. */
  public static SubmittedRelease fromConfirmBody(JsonNode body) {
    if (body == null) {
      return none();
    }
    return new SubmittedRelease(
        body.get("inputs"), body.get("outputs"), body.get("links"), body.get("properties"),
        body.get("tags"));
  }
}
