package io.registry.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.io.IOException;
import java.util.List;

/**
 * Spring Security's {@link StrictHttpFirewall} (encoded periods and slashes, {@code ..}, {@code //},
 * {@code ;}, backslashes, control characters, non-normalized paths), with its refusals told apart so each gets
 * its own problem: the URL ({@code rejected_url}), the method (405 {@code method_not_allowed}), a header or
 * parameter value checked later ({@code rejected_request}).
 */
public class UrlFirewall extends StrictHttpFirewall {

    /** StrictHttpFirewall's default methods, checked here first so that a refused method is a 405. */
    private static final List<String> METHODS = List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        if (!METHODS.contains(request.getMethod())) {
            throw new MethodRejected();
        }
        try {
            return super.getFirewalledRequest(request);
        } catch (RequestRejectedException e) {
            throw new UrlRejected(e.getMessage());
        }
    }

    /** Answers each refusal as a problem instead of Spring's {@code sendError(400)}. */
    public static RequestRejectedHandler handler(ObjectMapper mapper) {
        return new Handler(mapper);
    }

    static final class UrlRejected extends RequestRejectedException {
        UrlRejected(String message) {
            super(message);
        }
    }

    static final class MethodRejected extends RequestRejectedException {
        MethodRejected() {
            super("The method is not one of " + String.join(", ", METHODS) + ".");
        }
    }

    private record Handler(ObjectMapper mapper) implements RequestRejectedHandler {
        private static final Logger log = LoggerFactory.getLogger(UrlFirewall.class);

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
                throws IOException {
            log.debug("Refused {}: {}", request.getMethod(), e.getMessage());
            ApiException problem;
            if (e instanceof UrlRejected) {
                problem = new ApiException(HttpStatus.BAD_REQUEST, "rejected_url", "The URL was refused: "
                        + "it holds a sequence that is not allowed (an encoded '.', '/', '\\' or '%', '..', '//', "
                        + "';', a backslash or a control character) or is not normalized.");
            } else if (e instanceof MethodRejected) {
                response.setHeader("Allow", String.join(", ", METHODS));
                problem = new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", e.getMessage());
            } else {
                problem = new ApiException(HttpStatus.BAD_REQUEST, "rejected_request",
                        "A header or parameter holds a character that is not allowed (a control or unassigned "
                                + "character).");
            }
            if (response.isCommitted()) {
                return;
            }
            response.resetBuffer();
            ProblemWriter.write(response, mapper, problem);
        }
    }
}
