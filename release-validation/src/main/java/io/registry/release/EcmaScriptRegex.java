package io.registry.release;

import com.networknt.schema.regex.JoniRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import org.joni.Matcher;
import org.joni.Option;
import org.joni.Regex;
import org.joni.exception.TimeoutException;

/**
 * The regular expressions of JSON Schema {@code pattern}: ECMA-262, as JSON Schema 2020-12 asks,
 * not {@code java.util.regex}. The same compiled form is used by the release-time check ({@link
 * #compile}) and by every validation ({@link #matchingUntil}).
 *
 * <p>The dialect is json-schema-validator's {@link JoniRegularExpressionFactory}: the joni engine
 * with ECMAScript syntax, ECMA-262's {@code \d \w \s} classes (so {@code \s} includes U+00A0,
 * U+FEFF, U+2003, U+2029 and {@code \d} is ASCII), Unicode properties ({@code \p{Letter}}),
 * control escapes ({@code \cC}), and Java-only syntax (possessive quantifiers, {@code \Q..\E},
 * {@code \A}, {@code \z}) refused. Known gaps of that engine: {@code \p{Script=...}} and code point
 * escapes with braces are refused, inline flags such as {@code (?i)} are accepted.
 *
 * <p>Matching is bounded, because joni backtracks and a pattern such as {@code (.*a){12}b} takes
 * exponential time: every match runs with joni's timeout set to the time left until the caller's
 * deadline and in joni's interruptible mode, and throws {@link MatchAborted} once the deadline has
 * passed or the thread is interrupted. json-schema-validator's own matcher has neither, so the
 * compiled {@link Regex} is taken out of the {@link RegularExpression} it builds (a private field,
 * found by its type when this class loads; a json-schema-validator that no longer has it fails
 * here, at start-up, not while validating).
 */
final class EcmaScriptRegex {

  private static final Field COMPILED = compiledRegexField();

  private EcmaScriptRegex() {}

  /** A pattern that is not a valid ECMA-262 regular expression for the engine. */
  static final class InvalidPattern extends Exception {
    InvalidPattern(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Thrown while matching once the deadline has passed or the thread was interrupted. */
  static final class MatchAborted extends RuntimeException {
    MatchAborted() {
      super("regular expression matching ran out of time or was interrupted", null, false, false);
    }
  }

  /** Compiles {@code pattern} the way every validation will. */
  static Regex compile(String pattern) throws InvalidPattern {
    RegularExpression expression;
    try {
      expression = JoniRegularExpressionFactory.getInstance().getRegularExpression(pattern);
    } catch (RuntimeException e) {
      // joni and jcodings report syntax errors as unchecked exceptions of their own
      throw new InvalidPattern(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }
    try {
      return (Regex) COMPILED.get(expression);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("the compiled joni Regex is not accessible", e);
    }
  }

  /**
   * Whether {@code pattern} matches somewhere in {@code value} (JSON Schema patterns are not
   * anchored).
   *
   * @param deadlineNanos a {@link System#nanoTime()} value
   * @throws MatchAborted the deadline passed or the thread was interrupted (its flag stays set)
   */
  static boolean find(Regex pattern, String value, long deadlineNanos) {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      throw new MatchAborted();
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    Matcher matcher = pattern.matcher(bytes, 0, bytes.length, remaining);
    try {
      return matcher.searchInterruptible(0, bytes.length, Option.NONE) >= 0;
    } catch (TimeoutException e) {
      throw new MatchAborted();
    } catch (InterruptedException e) {
      // joni clears the flag when it gives up; keep it for the code that interrupted this thread
      Thread.currentThread().interrupt();
      throw new MatchAborted();
    }
  }

  /**
   * The {@code pattern} engine for json-schema-validator, matching until {@code deadlineNanos}
   * ({@link System#nanoTime()}); build one per validation.
   */
  static RegularExpressionFactory matchingUntil(long deadlineNanos) {
    return regex -> {
      Regex compiled;
      try {
        compiled = compile(regex);
      } catch (InvalidPattern e) {
        throw new IllegalArgumentException(
            "pattern \"" + regex + "\" is not a valid ECMA-262 regular expression: " + e.getMessage(), e);
      }
      return value -> find(compiled, value, deadlineNanos);
    };
  }

  private static Field compiledRegexField() {
    RegularExpression probe = JoniRegularExpressionFactory.getInstance().getRegularExpression("a");
    for (Field field : probe.getClass().getDeclaredFields()) {
      if (field.getType() == Regex.class) {
        field.setAccessible(true);
        return field;
      }
    }
    throw new IllegalStateException(
        probe.getClass().getName() + " holds no org.joni.Regex any more; "
            + "EcmaScriptRegex must be adapted to this json-schema-validator version");
  }
}
