package io.registry.release;

import static io.registry.release.ViolationCodes.DUPLICATE_ITEM;
import static io.registry.release.ViolationCodes.EMPTY_VALUE;
import static io.registry.release.ViolationCodes.INVALID_CHARACTERS;
import static io.registry.release.ViolationCodes.INVALID_TYPE;
import static io.registry.release.ViolationCodes.INVALID_URN;
import static io.registry.release.ViolationCodes.MISSING_FIELD;
import static io.registry.release.ViolationCodes.TOO_LARGE;
import static io.registry.release.ViolationCodes.TOO_LONG;
import static io.registry.release.ViolationCodes.TOO_MANY_ITEMS;
import static io.registry.release.ViolationCodes.UNKNOWN_FIELD;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.CelAbstractSyntaxTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Release-time ("confirm") validation of the optional release metadata of a package version:
 * {@code inputs}, {@code outputs}, {@code links}, {@code properties}, {@code tags}. Returns every
 * violation, with JSON pointers relative to the confirm body ({@code /inputs/schema/properties/x/anyOf},
 * {@code /links/2/href}, {@code /properties/foo}, ...). JSON {@code null} counts as "not given".
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>{@code inputs}: an object with only {@code schema} and {@code bindings}, both optional.
 *       {@code schema} passes {@link SchemaSubsetChecker}; {@code bindings} is a string that
 *       compiles as CEL with {@code pkg} in scope ({@link CelBindingCompiler}).
 *   <li>{@code outputs}: an object with exactly {@code schema} and {@code bindings}, both required.
 *       {@code bindings} compiles with {@code entities} in scope; when it is a map literal its keys
 *       equal the keys of {@code schema.properties}.
 *   <li>{@code links}: an array of at most {@value ReleaseLimits#MAX_LINKS} objects with {@code
 *       href} (required, 1..{@value ReleaseLimits#MAX_HREF_LENGTH} code points), {@code rel}
 *       (required, 1..{@value ReleaseLimits#MAX_REL_LENGTH}), optional {@code type}
 *       (1..{@value ReleaseLimits#MAX_REL_LENGTH}), optional {@code titles} (object of strings up
 *       to {@value ReleaseLimits#MAX_TITLE_LENGTH} code points) and optional {@code properties}
 *       (object, any values), each of those two with at most {@value
 *       ReleaseLimits#MAX_LINK_MAP_ENTRIES} entries; no other fields. Text must be non-blank and
 *       free of control characters. {@code href} is not parsed as a URI (templates and relative
 *       references are common in links).
 *   <li>{@code properties}: an object of at most {@value ReleaseLimits#MAX_PROPERTIES} entries and
 *       {@value ReleaseLimits#MAX_PROPERTIES_BYTES} bytes whose keys are URNs in RFC 8141 syntax
 *       ({@code urn:<NID>:<NSS>} with optional {@code ?+r}, {@code ?=q}, {@code #f} components;
 *       the {@code urn} scheme and the NID are case-insensitive, so keys equal after lower-casing
 *       those and upper-casing percent-escapes are duplicates), at most {@value
 *       ReleaseLimits#MAX_PROPERTY_KEY_LENGTH} code points; values are any JSON. Only the syntax is
 *       checked, not whether the NID is registered.
 *   <li>{@code tags}: an array of at most {@value ReleaseLimits#MAX_TAGS} distinct strings of
 *       1..{@value ReleaseLimits#MAX_TAG_LENGTH} code points, not blank, no control characters.
 * </ul>
 *
 * <p>Immutable and thread-safe: build one (it builds its CEL compilers once) and share it.
 */
public final class ReleaseMetadataValidator {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> BINDING_FIELDS = Set.of("schema", "bindings");
  private static final Set<String> LINK_FIELDS = Set.of("href", "rel", "type", "titles", "properties");

  private static final String PCHAR = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})";
  private static final String COMPONENT = PCHAR + "(?:" + PCHAR + "|[/?])*";
  /** RFC 8141 section 2: {@code assigned-name rq-components ["#" f-component]}. */
  private static final Pattern URN =
      Pattern.compile(
          "(?i:urn):([A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]):("
              + PCHAR + "(?:" + PCHAR + "|/)*)"
              + "((?:\\?\\+" + COMPONENT + ")?(?:\\?=" + COMPONENT + ")?(?:#(?:" + PCHAR + "|[/?])*)?)");
  private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

  private final SchemaSubsetChecker schemaChecker = new SchemaSubsetChecker();
  private final CelBindingCompiler compiler;

  public ReleaseMetadataValidator() {
    this(new CelBindingCompiler());
  }

  /** Shares the CEL compilers of {@code compiler}. */
  public ReleaseMetadataValidator(CelBindingCompiler compiler) {
    this.compiler = compiler;
  }

  /** Checks every given field; the result is empty when the metadata is acceptable. */
  public List<Violation> validate(SubmittedRelease metadata) {
    List<Violation> violations = new ArrayList<>();
    violations.addAll(validateInputs(metadata.inputs()));
    violations.addAll(validateOutputs(metadata.outputs()));
    violations.addAll(validateLinks(metadata.links()));
    violations.addAll(validateProperties(metadata.properties()));
    violations.addAll(validateTags(metadata.tags()));
    return violations;
  }

  /** Checks {@code inputs}; pointers start with {@code /inputs}. */
  public List<Violation> validateInputs(JsonNode inputs) {
    return checkInputs(inputs).violations();
  }

  /** Checks {@code outputs}; pointers start with {@code /outputs}. */
  public List<Violation> validateOutputs(JsonNode outputs) {
    return checkOutputs(outputs).violations();
  }

  /** The outcome of checking inputs or outputs: violations, or the checked bindings (if any). */
  record BindingCheck(List<Violation> violations, JsonNode schema, CelAbstractSyntaxTree bindings) {}

  /** Which checks apply: all at release; at provisioning, all but the defaults (see below). */
  enum Stage {
    RELEASE,
    /**
     * Re-checking stored metadata before evaluating it. Defaults are not re-validated: a release
     * stored before they were checked would otherwise fail every install, also those that give
     * the field; an invalid default still fails the installs that leave its field out.
     */
    PROVISIONING
  }

  BindingCheck checkInputs(JsonNode inputs) {
    return checkInputs(inputs, Stage.RELEASE);
  }

  BindingCheck checkOutputs(JsonNode outputs) {
    return checkOutputs(outputs, Stage.RELEASE);
  }

  private List<Violation> checkSchema(JsonNode schema, String pointer, Stage stage) {
    return stage == Stage.RELEASE
        ? schemaChecker.check(schema, pointer)
        : schemaChecker.checkWithoutDefaults(schema, pointer);
  }

  BindingCheck checkInputs(JsonNode inputs, Stage stage) {
    List<Violation> violations = new ArrayList<>();
    if (absent(inputs)) {
      return new BindingCheck(violations, null, null);
    }
    if (!inputs.isObject()) {
      violations.add(typeViolation("/inputs", "an object", inputs));
      return new BindingCheck(violations, null, null);
    }
    reportUnknownFields(inputs, BINDING_FIELDS, "/inputs", violations);
    JsonNode schema = inputs.get("schema");
    if (!absent(schema)) {
      violations.addAll(checkSchema(schema, "/inputs/schema", stage));
    }
    CelAbstractSyntaxTree ast = null;
    JsonNode bindings = inputs.get("bindings");
    if (!absent(bindings)) {
      if (!bindings.isTextual()) {
        violations.add(typeViolation("/inputs/bindings", "a string (a CEL expression)", bindings));
      } else {
        CelBindingCompiler.Compilation compilation =
            compiler.compileInputs(bindings.textValue(), "/inputs/bindings");
        compilation.issues().forEach(issue -> violations.add(issue.toViolation()));
        ast = compilation.ast();
      }
    }
    return new BindingCheck(violations, absent(schema) ? null : schema, ast);
  }

  BindingCheck checkOutputs(JsonNode outputs, Stage stage) {
    List<Violation> violations = new ArrayList<>();
    if (absent(outputs)) {
      return new BindingCheck(violations, null, null);
    }
    if (!outputs.isObject()) {
      violations.add(typeViolation("/outputs", "an object", outputs));
      return new BindingCheck(violations, null, null);
    }
    reportUnknownFields(outputs, BINDING_FIELDS, "/outputs", violations);
    JsonNode schema = outputs.get("schema");
    Set<String> declaredKeys = null;
    if (absent(schema)) {
      violations.add(
          new Violation("/outputs/schema", MISSING_FIELD, "outputs.schema is required with outputs"));
    } else {
      violations.addAll(checkSchema(schema, "/outputs/schema", stage));
      declaredKeys = declaredKeys(schema);
    }
    CelAbstractSyntaxTree ast = null;
    JsonNode bindings = outputs.get("bindings");
    if (absent(bindings)) {
      violations.add(
          new Violation(
              "/outputs/bindings", MISSING_FIELD, "outputs.bindings is required with outputs"));
    } else if (!bindings.isTextual()) {
      violations.add(typeViolation("/outputs/bindings", "a string (a CEL expression)", bindings));
    } else {
      CelBindingCompiler.Compilation compilation =
          compiler.compileOutputs(bindings.textValue(), declaredKeys, "/outputs/bindings");
      compilation.issues().forEach(issue -> violations.add(issue.toViolation()));
      ast = compilation.ast();
    }
    return new BindingCheck(violations, schema, ast);
  }

  /**
   * The keys of {@code schema.properties}: empty when the schema has no {@code properties},
   * {@code null} when they cannot be known (not an object).
   */
  static Set<String> declaredKeys(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      return null;
    }
    JsonNode properties = schema.get("properties");
    if (properties == null) {
      return Set.of();
    }
    if (!properties.isObject()) {
      return null;
    }
    Set<String> keys = new LinkedHashSet<>();
    properties.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** Checks {@code links}; pointers start with {@code /links}. */
  public List<Violation> validateLinks(JsonNode links) {
    List<Violation> violations = new ArrayList<>();
    if (absent(links)) {
      return violations;
    }
    if (!links.isArray()) {
      violations.add(typeViolation("/links", "an array", links));
      return violations;
    }
    if (links.size() > ReleaseLimits.MAX_LINKS) {
      violations.add(
          new Violation(
              "/links", TOO_MANY_ITEMS,
              links.size() + " links, at most " + ReleaseLimits.MAX_LINKS + " are allowed"));
      return violations;
    }
    for (int i = 0; i < links.size(); i++) {
      checkLink(links.get(i), JsonPointers.child("/links", i), violations);
    }
    return violations;
  }

  private static void checkLink(JsonNode link, String at, List<Violation> out) {
    if (!link.isObject()) {
      out.add(typeViolation(at, "an object", link));
      return;
    }
    reportUnknownFields(link, LINK_FIELDS, at, out);
    checkText(link.get("href"), JsonPointers.child(at, "href"), true, ReleaseLimits.MAX_HREF_LENGTH, out);
    checkText(link.get("rel"), JsonPointers.child(at, "rel"), true, ReleaseLimits.MAX_REL_LENGTH, out);
    checkText(link.get("type"), JsonPointers.child(at, "type"), false, ReleaseLimits.MAX_REL_LENGTH, out);
    JsonNode titles = link.get("titles");
    String titlesAt = JsonPointers.child(at, "titles");
    if (!absent(titles)) {
      if (!titles.isObject()) {
        out.add(typeViolation(titlesAt, "an object of strings", titles));
      } else if (titles.size() > ReleaseLimits.MAX_LINK_MAP_ENTRIES) {
        out.add(tooManyEntries(titlesAt, titles.size(), ReleaseLimits.MAX_LINK_MAP_ENTRIES));
      } else {
        titles.fields().forEachRemaining(
            title ->
                checkText(
                    title.getValue(),
                    JsonPointers.child(titlesAt, title.getKey()),
                    true,
                    ReleaseLimits.MAX_TITLE_LENGTH,
                    out));
      }
    }
    JsonNode properties = link.get("properties");
    String propertiesAt = JsonPointers.child(at, "properties");
    if (!absent(properties)) {
      if (!properties.isObject()) {
        out.add(typeViolation(propertiesAt, "an object", properties));
      } else if (properties.size() > ReleaseLimits.MAX_LINK_MAP_ENTRIES) {
        out.add(tooManyEntries(propertiesAt, properties.size(), ReleaseLimits.MAX_LINK_MAP_ENTRIES));
      }
    }
  }

  /** Checks {@code properties}; pointers start with {@code /properties}. */
  public List<Violation> validateProperties(JsonNode properties) {
    List<Violation> violations = new ArrayList<>();
    if (absent(properties)) {
      return violations;
    }
    if (!properties.isObject()) {
      violations.add(typeViolation("/properties", "an object keyed by URN", properties));
      return violations;
    }
    if (properties.size() > ReleaseLimits.MAX_PROPERTIES) {
      violations.add(tooManyEntries("/properties", properties.size(), ReleaseLimits.MAX_PROPERTIES));
      return violations;
    }
    int bytes = serializedSize(properties);
    if (bytes > ReleaseLimits.MAX_PROPERTIES_BYTES) {
      violations.add(
          new Violation(
              "/properties", TOO_LARGE,
              "properties is " + bytes + " bytes, more than " + ReleaseLimits.MAX_PROPERTIES_BYTES));
      return violations;
    }
    Map<String, String> seen = new HashMap<>();
    properties.fieldNames().forEachRemaining(
        key -> {
          String at = JsonPointers.child("/properties", key);
          if (codePoints(key) > ReleaseLimits.MAX_PROPERTY_KEY_LENGTH) {
            violations.add(
                new Violation(
                    at, TOO_LONG,
                    "property keys are at most " + ReleaseLimits.MAX_PROPERTY_KEY_LENGTH
                        + " characters"));
            return;
          }
          Matcher urn = URN.matcher(key);
          if (!urn.matches()) {
            violations.add(
                new Violation(
                    at, INVALID_URN,
                    "property keys must be URNs (RFC 8141), like urn:example:feature-x; got \""
                        + key + "\""));
            return;
          }
          String normalized = normalizeUrn(urn);
          String earlier = seen.putIfAbsent(normalized, key);
          if (earlier != null) {
            violations.add(
                new Violation(
                    at, DUPLICATE_ITEM,
                    "\"" + key + "\" is the same URN as \"" + earlier + "\""));
          }
        });
    return violations;
  }

  /** Lower-cases the scheme and NID and upper-cases percent-escapes (RFC 8141 section 3). */
  private static String normalizeUrn(Matcher urn) {
    String nss = PERCENT_ESCAPE.matcher(urn.group(2)).replaceAll(m -> m.group().toUpperCase(Locale.ROOT));
    return "urn:" + urn.group(1).toLowerCase(Locale.ROOT) + ":" + nss;
  }

  /** Checks {@code tags}; pointers start with {@code /tags}. */
  public List<Violation> validateTags(JsonNode tags) {
    List<Violation> violations = new ArrayList<>();
    if (absent(tags)) {
      return violations;
    }
    if (!tags.isArray()) {
      violations.add(typeViolation("/tags", "an array of strings", tags));
      return violations;
    }
    if (tags.size() > ReleaseLimits.MAX_TAGS) {
      violations.add(
          new Violation(
              "/tags", TOO_MANY_ITEMS,
              tags.size() + " tags, at most " + ReleaseLimits.MAX_TAGS + " are allowed"));
      return violations;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tags.size(); i++) {
      JsonNode tag = tags.get(i);
      String at = JsonPointers.child("/tags", i);
      if (absent(tag) || !tag.isTextual()) {
        violations.add(typeViolation(at, "a string", tag));
        continue;
      }
      if (checkText(tag, at, true, ReleaseLimits.MAX_TAG_LENGTH, violations)
          && !seen.add(tag.textValue())) {
        violations.add(
            new Violation(at, DUPLICATE_ITEM, "the tag \"" + tag.textValue() + "\" is given twice"));
      }
    }
    return violations;
  }

  /** @return whether the value is acceptable text */
  private static boolean checkText(
      JsonNode value, String at, boolean required, int maxLength, List<Violation> out) {
    if (absent(value)) {
      if (required) {
        out.add(new Violation(at, MISSING_FIELD, "a value is required"));
      }
      return !required;
    }
    if (!value.isTextual()) {
      out.add(typeViolation(at, "a string", value));
      return false;
    }
    String text = value.textValue();
    if (text.isBlank()) {
      out.add(new Violation(at, EMPTY_VALUE, "must not be empty or blank"));
      return false;
    }
    if (codePoints(text) > maxLength) {
      out.add(new Violation(at, TOO_LONG, "at most " + maxLength + " characters are allowed"));
      return false;
    }
    if (text.codePoints().anyMatch(Character::isISOControl)) {
      out.add(new Violation(at, INVALID_CHARACTERS, "control characters are not allowed"));
      return false;
    }
    return true;
  }

  private static void reportUnknownFields(
      JsonNode object, Set<String> known, String at, List<Violation> out) {
    object.fieldNames().forEachRemaining(
        name -> {
          if (!known.contains(name)) {
            out.add(
                new Violation(
                    JsonPointers.child(at, name),
                    UNKNOWN_FIELD,
                    "unknown field \"" + name + "\"; allowed: " + String.join(", ", sorted(known))));
          }
        });
  }

  private static List<String> sorted(Set<String> names) {
    List<String> list = new ArrayList<>(names);
    list.sort(null);
    return list;
  }

  private static Violation typeViolation(String at, String expected, JsonNode actual) {
    return new Violation(
        at, INVALID_TYPE, "must be " + expected + ", got " + SchemaSubsetChecker.kind(actual));
  }

  private static Violation tooManyEntries(String at, int size, int max) {
    return new Violation(at, TOO_MANY_ITEMS, size + " entries, at most " + max + " are allowed");
  }

  static boolean absent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  private static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  static int serializedSize(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be serialized", e);
    }
  }
}
