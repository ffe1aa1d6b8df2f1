package io.registry.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.ProblemWriter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

import java.io.IOException;

/**
 * {@code /error}, where the container forwards what failed outside Spring MVC's own handling (a
 * {@code sendError}, an exception escaping a filter): always a problem+json with a code, whatever the
 * {@code Accept} header. Replaces Spring Boot's {@code BasicErrorController}. Requested directly it is not a
 * route: 404 {@code route_not_found}.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ErrorAttributes errorAttributes;
    private final ObjectMapper mapper;

    public ProblemErrorController(ErrorAttributes errorAttributes, ObjectMapper mapper) {
        this.errorAttributes = errorAttributes;
        this.mapper = mapper;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (request.getDispatcherType() != DispatcherType.ERROR || !(status instanceof Integer statusCode)) {
            ProblemWriter.write(response, mapper, ApiException.notFound("route_not_found",
                    "No route " + request.getMethod() + " " + request.getRequestURI()));
            return;
        }
        Throwable failure = errorAttributes.getError(new ServletWebRequest(request));
        ApiException typed = typedCause(failure);
        ApiException problem = typed != null ? typed : ContainerErrors.byStatus(statusCode);
        if (problem.status().is5xxServerError() && failure != null) {
            log.debug("{} {} failed outside Spring MVC", request.getMethod(),
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
        }
        response.resetBuffer();
        ProblemWriter.write(response, mapper, problem);
    }

    private static ApiException typedCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }
}
