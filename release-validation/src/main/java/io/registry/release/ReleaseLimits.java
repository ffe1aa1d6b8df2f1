package io.registry.release;

/**
 * Release-time size limits. They bound the work of validating and later evaluating a release and
 * keep stored versions (and their events) small. Exceeding one is a {@link Violation}, never an
 * exception.
 */
public final class ReleaseLimits {

  private ReleaseLimits() {}

  /** Serialized size of one schema ({@code inputs.schema}, {@code outputs.schema}). */
  public static final int MAX_SCHEMA_BYTES = 64 * 1024;
  /** JSON nodes (objects, arrays, scalars, anywhere, defaults included) in one schema. */
  public static final int MAX_SCHEMA_NODES = 10_000;
  /** Nesting of schemas inside schemas (properties/items/additionalProperties); the root is 0. */
  public static final int MAX_SCHEMA_DEPTH = 32;
  /** Length (UTF-16 chars) of one {@code pattern}. */
  public static final int MAX_PATTERN_LENGTH = 1_000;
  /**
   * JSON nodes that applying defaults may add to one value (install inputs, or a {@code default}
   * checked at release): a default copied into each element of a long array adds up.
   */
  public static final int MAX_DEFAULTED_NODES = 100_000;
  /**
   * Time for checking all {@code default}s of one schema against their schemas at release, in
   * milliseconds; only a catastrophically backtracking {@code pattern} comes near it.
   */
  public static final int DEFAULTS_CHECK_MILLIS = 1_000;

  /** Unicode code points in one bindings expression (also CEL's own parse limit). */
  public static final int MAX_BINDINGS_CODE_POINTS = 10_000;
  /** CEL parser recursion depth (nested parentheses, calls, literals). */
  public static final int MAX_BINDINGS_RECURSION_DEPTH = 100;
  /** CEL expression nodes in one bindings expression. */
  public static final int MAX_BINDINGS_NODES = 5_000;

  /** Entries of {@code tags}. */
  public static final int MAX_TAGS = 50;
  /** Code points of one tag (at least 1, not blank). */
  public static final int MAX_TAG_LENGTH = 64;

  /** Entries of {@code links}. */
  public static final int MAX_LINKS = 50;
  /** Code points of {@code links[].href}. */
  public static final int MAX_HREF_LENGTH = 2_048;
  /** Code points of {@code links[].rel} and {@code links[].type}. */
  public static final int MAX_REL_LENGTH = 256;
  /** Entries of {@code links[].titles} and of {@code links[].properties}. */
  public static final int MAX_LINK_MAP_ENTRIES = 32;
  /** Code points of one {@code links[].titles} value. */
  public static final int MAX_TITLE_LENGTH = 1_024;

  /** Entries of {@code properties}. */
  public static final int MAX_PROPERTIES = 100;
  /** Code points of one {@code properties} key (a URN). */
  public static final int MAX_PROPERTY_KEY_LENGTH = 256;
  /** Serialized size of the whole {@code properties} object. */
  public static final int MAX_PROPERTIES_BYTES = 64 * 1024;
}
