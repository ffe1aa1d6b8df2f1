package io.registry.api.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.registry.api.request.StrictJson;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validator;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where failures become RFC 9457 problem details. Every problem carries a stable
 * {@code code}; bad input carries {@code errors}, one entry per bad field.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String TYPE_BASE = "https://registry.io/problems/";

    private ObjectMapper objectMapper;
    private Validator validator;

    /** For naming every bad field of a refused body ({@link BodyViolations}); optional. */
    @Autowired(required = false)
    void setBodyChecks(ObjectMapper objectMapper, Validator validator) {
        this.objectMapper = objectMapper;
        this.validator = validator;
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Object> handleApi(ApiException e) {
        return response(e);
    }

    /** The problem response of a typed failure; for other advices that translate their own exceptions. */
    public static ResponseEntity<Object> response(ApiException e) {
        return respond(problem(e.status(), e.code(), e.getMessage(), e.violations()));
    }

    /** A 500 problem for a failure nobody expected; the cause is logged, not shown. */
    public static ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "An unexpected error occurred; it has been logged.", List.of()));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<Object> handleConstraints(ConstraintViolationException e) {
        List<FieldViolation> violations = e.getConstraintViolations().stream()
                .map(v -> new FieldViolation(lastNode(v.getPropertyPath().toString()), "invalid", v.getMessage()))
                .toList();
        return handleApi(ApiException.badRequest(violations));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException e,
                                                        HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        return handleApi(ApiException.badRequest(List.of(
                new FieldViolation(name, "invalid_type", "must be a valid " + simpleType(e.getRequiredType())))));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception e) {
        return unexpected(e);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        e.getBindingResult().getFieldErrors().forEach(fe -> violations.add(new FieldViolation(
                JsonNames.snakeCase(fe.getField()), codeOf(fe.getCode()), fe.getDefaultMessage())));
        e.getBindingResult().getGlobalErrors().forEach(ge -> violations.add(new FieldViolation(
                ge.getObjectName(), codeOf(ge.getCode()), ge.getDefaultMessage())));
        return handleApi(ApiException.badRequest(violations));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors body) {
                // a @Valid request body validated together with the path: name its fields, not the parameter
                body.getFieldErrors().forEach(fe -> violations.add(new FieldViolation(
                        JsonNames.snakeCase(fe.getField()), codeOf(fe.getCode()), fe.getDefaultMessage())));
                body.getGlobalErrors().forEach(ge -> violations.add(new FieldViolation(
                        ge.getObjectName(), codeOf(ge.getCode()), ge.getDefaultMessage())));
                return;
            }
            String name = result.getMethodParameter().getParameterName();
            var header = result.getMethodParameter().getParameterAnnotation(
                    org.springframework.web.bind.annotation.RequestHeader.class);
            if (header != null && !header.value().isEmpty()) {
                name = header.value();
            }
            var param = result.getMethodParameter().getParameterAnnotation(
                    org.springframework.web.bind.annotation.RequestParam.class);
            if (param != null && !param.value().isEmpty()) {
                name = param.value();
            }
            var path = result.getMethodParameter().getParameterAnnotation(
                    org.springframework.web.bind.annotation.PathVariable.class);
            if (path != null && !path.value().isEmpty()) {
                name = path.value();
            }
            for (var error : result.getResolvableErrors()) {
                String[] codes = error.getCodes();
                violations.add(new FieldViolation(name, codeOf(codes == null || codes.length == 0 ? null
                        : codes[codes.length - 1]), error.getDefaultMessage()));
            }
        });
        return handleApi(ApiException.badRequest(violations));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        CapturedBodies.Captured body = CapturedBodies.of(request);
        if (body != null && objectMapper != null && validator != null && cause instanceof MismatchedInputException) {
            Optional<List<FieldViolation>> all = BodyViolations.of(objectMapper, validator, body);
            if (all.isPresent()) {
                return handleApi(ApiException.badRequest(all.get()));
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return handleApi(ApiException.badRequest(List.of(new FieldViolation(
                    pathOf(unknown), "unknown_field", "is not a field of this request"))));
        }
        if (cause instanceof InvalidFormatException invalid) {
            return handleApi(ApiException.badRequest(List.of(new FieldViolation(
                    pathOf(invalid), "invalid_type", "must be a valid " + simpleType(invalid.getTargetType())))));
        }
        if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            return handleApi(ApiException.badRequest(List.of(new FieldViolation(
                    pathOf(mismatched), "invalid_type", "must be a " + simpleType(mismatched.getTargetType())
                            + " (values are taken as their JSON type only)"))));
        }
        if (cause instanceof StreamConstraintsException limit) {
            return handleApi(new ApiException(HttpStatus.BAD_REQUEST, "body_too_complex",
                    "The request body exceeds a parsing limit (nesting depth " + StrictJson.MAX_NESTING_DEPTH
                            + ", string length " + StrictJson.MAX_STRING_LENGTH + ", number length "
                            + StrictJson.MAX_NUMBER_LENGTH + "): " + limit.getOriginalMessage()));
        }
        if (cause instanceof StreamReadException parse && parse.getProcessor() != null) {
            JsonParser parser = parse.getProcessor();
            String field = fieldAt(parser);
            // Jackson reports a repeated key only as a parse error (jackson-core's DupDetector); the parser's
            // current name at that point is the repeated key.
            if (parse.getOriginalMessage() != null && parse.getOriginalMessage().startsWith("Duplicate field")) {
                return handleApi(ApiException.badRequest(List.of(new FieldViolation(
                        field, "duplicate_field", "appears more than once; give each field once"))));
            }
            if (parse instanceof InputCoercionException && field != null) {
                return handleApi(ApiException.badRequest(List.of(new FieldViolation(
                        field, "out_of_range", "is outside the range of its type"))));
            }
        }
        return handleApi(new ApiException(HttpStatus.BAD_REQUEST, "malformed_body",
                "The request body is missing or is not valid JSON (UTF-8)."));
    }

    /** The dotted path of the field the parser is at, e.g. {@code inputs.schema}; null at the top level. */
    private static String fieldAt(JsonParser parser) {
        java.util.Deque<String> names = new java.util.ArrayDeque<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null; context = context.getParent()) {
            if (context.inObject() && context.getCurrentName() != null) {
                names.addFirst(context.getCurrentName());
            } else if (context.inArray()) {
                names.addFirst("[" + Math.max(context.getCurrentIndex(), 0) + "]");
            }
        }
        return names.isEmpty() ? null : String.join(".", names).replace(".[", "[");
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return handleApi(ApiException.badRequest(List.of(
                new FieldViolation(e.getParameterName(), "required", "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            org.springframework.web.bind.ServletRequestBindingException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (e instanceof MissingRequestHeaderException missing) {
            return handleApi(ApiException.badRequest(List.of(
                    new FieldViolation(missing.getHeaderName(), "required", "is required"))));
        }
        return handleApi(new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
                                                                         HttpHeaders headers, HttpStatusCode status,
                                                                         WebRequest request) {
        return handleApi(new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        return handleApi(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "Send the body as application/json."));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return handleApi(ApiException.notFound("route_not_found", "No route " + e.getHttpMethod() + " /" + e.getResourcePath()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.valueOf(statusCode.value());
        return respond(problem(status, status.name().toLowerCase(), e.getMessage(), List.of()));
    }

    /** Builds the problem body; also used by the security entry points. */
    public static ProblemDetail problem(HttpStatus status, String code, String detail, List<FieldViolation> violations) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code.replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        AnsweredProblem.remember(code);
        if (!violations.isEmpty()) {
            // sorted, so that the same bad body always gets the same answer (validators report in any order)
            problem.setProperty("errors", violations.stream().sorted(java.util.Comparator
                    .comparing(FieldViolation::field, java.util.Comparator.nullsFirst(String::compareTo))
                    .thenComparing(FieldViolation::code, java.util.Comparator.nullsFirst(String::compareTo)))
                    .toList());
        }
        return problem;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String pathOf(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        return "object";
    }

    static String codeOf(String constraint) {
        if (constraint == null) {
            return "invalid";
        }
        return switch (constraint) {
            case "NotNull", "NotBlank", "NotEmpty" -> "required";
            case "Size", "Min", "Max", "Positive", "PositiveOrZero", "DecimalMin", "DecimalMax" -> "out_of_range";
            case "Pattern", "ValidEntityId", "ValidUserId", "ValidVersionId", "ValidChannelName", "CleanText" -> "invalid_format";
            default -> "invalid";
        };
    }

    static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
