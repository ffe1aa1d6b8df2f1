package io.registry.api.problem;

import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * A typed failure with a stable machine {@code code}, rendered as RFC 9457 problem details by
 * {@link ProblemDetailsAdvice}. Subclasses name the failure; nothing is classified by message text.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldViolation> violations;

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public ApiException(HttpStatus status, String code, String detail, List<FieldViolation> violations) {
        super(detail);
        this.status = status;
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    public static ApiException badRequest(List<FieldViolation> violations) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request",
                "The request has " + violations.size() + " invalid field(s).", violations);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(HttpStatus.CONFLICT, code, detail);
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, code, detail);
    }
}
