package io.registry.api.request;

import io.registry.events.VersionId;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A version id in the {@code YYYY.MM.DD-HHMMSS} format that names a real date and time (null is valid, "" is not). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidVersionId.Validator.class)
public @interface ValidVersionId {

    String message() default "must be a version id YYYY.MM.DD-HHMMSS naming a real date and time, e.g. 2024.06.10-153042";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidVersionId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || VersionId.isValid(value);
        }
    }
}
