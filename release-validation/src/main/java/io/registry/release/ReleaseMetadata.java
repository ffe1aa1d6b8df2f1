package io.registry.release;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The release metadata fields of a confirm request that {@link ReleaseMetadataValidator} checks.
 * Each may be {@code null}, a missing node or JSON {@code null}: all three mean "not given".
 *
 * @param inputs {@code {"schema": {...}, "bindings": "<CEL>"}}, both optional
 * @param outputs {@code {"schema": {...}, "bindings": "<CEL>"}}, both required when given
 * @param links array of {@code {href, rel, type?, titles?, properties?}}
 * @param properties object keyed by URN
 * @param tags array of strings
 */
public record ReleaseMetadata(
    JsonNode inputs, JsonNode outputs, JsonNode links, JsonNode properties, JsonNode tags) {

  /** Nothing given. */
  public static ReleaseMetadata none() {
    return new ReleaseMetadata(null, null, null, null, null);
  }

  /** Picks {@code inputs outputs links properties tags} out of a (snake_case) confirm body. */
  public static ReleaseMetadata fromConfirmBody(JsonNode body) {
    if (body == null) {
      return none();
    }
    return new ReleaseMetadata(
        body.get("inputs"), body.get("outputs"), body.get("links"), body.get("properties"),
        body.get("tags"));
  }
}
