package io.registry.api.request;

import io.registry.events.ChannelName;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A channel name ({@link ChannelName#PATTERN}: not {@code active}, which is not a channel); null is valid. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidChannelName.Validator.class)
public @interface ValidChannelName {

    String message() default ChannelName.MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidChannelName, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || ChannelName.isValid(value);
        }
    }
}
