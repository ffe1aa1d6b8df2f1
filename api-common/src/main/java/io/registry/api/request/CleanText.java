package io.registry.api.request;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Human text (names, descriptions) without characters that hide or reorder what a reader sees: no control
 * characters (a multiline text may hold line breaks and tabs), no bidirectional embedding/override/isolate
 * controls, no unpaired surrogates. {@code null} is valid (combine with {@code @NotBlank} where required).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CleanText.Validator.class)
public @interface CleanText {

    /** Whether line breaks and tabs are allowed. */
    boolean multiline() default false;

    String message() default "must not contain control, bidirectional-override or unpaired surrogate characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<CleanText, String> {
        private boolean multiline;

        @Override
        public void initialize(CleanText annotation) {
            multiline = annotation.multiline();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isClean(value, multiline);
        }

        /** The rule itself, for checks outside Bean Validation. */
        public static boolean isClean(String value, boolean multiline) {
            for (int i = 0; i < value.length(); ) {
                int codePoint = value.codePointAt(i);
                i += Character.charCount(codePoint);
                if (Character.getType(codePoint) == Character.CONTROL) {
                    if (!(multiline && (codePoint == '\n' || codePoint == '\r' || codePoint == '\t'))) {
                        return false;
                    }
                } else if (Character.getType(codePoint) == Character.SURROGATE
                        || codePoint >= 0x202A && codePoint <= 0x202E
                        || codePoint >= 0x2066 && codePoint <= 0x2069) {
                    return false;
                }
            }
            return true;
        }
    }
}
