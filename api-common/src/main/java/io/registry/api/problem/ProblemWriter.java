package io.registry.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;

import java.io.IOException;

/**
 * Writes a problem straight to the servlet response, for the places that answer before or outside Spring MVC
 * (filters, security entry points, the error controller). The body is the one {@link ProblemDetailsAdvice}
 * builds, whatever the request's {@code Accept} says.
 */
public final class ProblemWriter {

    private ProblemWriter() {
    }

    public static void write(HttpServletResponse response, ObjectMapper mapper, ApiException e) throws IOException {
        response.setStatus(e.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), body(e));
    }

    /** The problem body of {@code e}, for writers that cannot hand an object to Jackson themselves. */
    public static org.springframework.http.ProblemDetail body(ApiException e) {
        return ProblemDetailsAdvice.problem(e.status(), e.code(), e.getMessage(), e.violations());
    }
}
