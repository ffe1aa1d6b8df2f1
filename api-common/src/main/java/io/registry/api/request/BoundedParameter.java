package io.registry.api.request;

import io.registry.api.problem.FieldViolation;

import java.util.List;

/**
 * A whole-number query parameter ({@code limit}, {@code depth}) that must lie within {@code min..max}, with the value
 * used when the client leaves it out.
 */
public record BoundedParameter(String name, int min, int max, int fallback) {

    /**
     * The value to use: {@code given}, or the fallback when it is absent; a given value outside the bounds adds an
     * {@code out_of_range} violation naming the parameter (and answers the fallback).
     */
    public int valueOf(Integer given, List<FieldViolation> violations) {
        if (given == null) {
            return fallback;
        }
        if (given < min || given > max) {
            violations.add(new FieldViolation(name, "out_of_range", "must be between " + min + " and " + max));
            return fallback;
        }
        return given;
    }
}
