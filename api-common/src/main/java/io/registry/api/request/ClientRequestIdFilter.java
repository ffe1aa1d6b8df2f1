package io.registry.api.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import io.registry.api.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code X-Client-Request-ID}: when present it must be a UUID (400 otherwise), and it is echoed on the
 * response, errors included. Runs before security so even a 401 echoes it.
 */
public class ClientRequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Client-Request-ID";
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final ObjectMapper objectMapper;

    public ClientRequestIdFilter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader(HEADER);
        if (id == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HEADER, id.length() > 36 ? id.substring(0, 36) : id);
        if (!UUID.matcher(id).matches()) {
            ProblemWriter.write(response, objectMapper, ApiException.badRequest(List.of(new FieldViolation(HEADER,
                    "invalid_format", "must be a UUID such as 123e4567-e89b-12d3-a456-426614174000"))));
            return;
        }
        chain.doFilter(request, response);
    }
}
