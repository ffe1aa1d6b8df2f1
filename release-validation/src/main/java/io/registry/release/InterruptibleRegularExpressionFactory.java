package io.registry.release;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * {@code java.util.regex} for the JSON Schema validator (the engine {@link SchemaSubsetChecker}
 * compiles patterns with), matching through a {@link CharSequence} that gives up once the worker
 * thread is interrupted, so a catastrophically backtracking {@code pattern} cannot outlive the
 * evaluation timeout.
 */
final class InterruptibleRegularExpressionFactory implements RegularExpressionFactory {

  static final InterruptibleRegularExpressionFactory INSTANCE =
      new InterruptibleRegularExpressionFactory();

  /** Thrown inside the matcher once the thread was interrupted. */
  static final class MatchInterrupted extends RuntimeException {
    MatchInterrupted() {
      super("regular expression matching was interrupted", null, false, false);
    }
  }

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return value -> pattern.matcher(new InterruptibleCharSequence(value)).find();
  }

  private static final class InterruptibleCharSequence implements CharSequence {
    private final CharSequence text;
    private int reads;

    InterruptibleCharSequence(CharSequence text) {
      this.text = text;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0x3FF) == 0 && Thread.currentThread().isInterrupted()) {
        throw new MatchInterrupted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new InterruptibleCharSequence(text.subSequence(start, end));
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
