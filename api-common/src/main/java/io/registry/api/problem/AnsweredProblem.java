package io.registry.api.problem;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.Optional;

/**
 * The {@code code} of the problem a request was answered with, kept on the request where every problem body is
 * built ({@link ProblemDetailsAdvice#problem}), so that what runs after the response (the command outcome metric)
 * reads the code instead of parsing the body. Kept only while request attributes are bound to the thread (Spring's
 * request context filter and dispatcher bind them; a filter that runs before those binds them itself).
 */
public final class AnsweredProblem {

    public static final String ATTRIBUTE = AnsweredProblem.class.getName() + ".code";

    private AnsweredProblem() {
    }

    static void remember(String code) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(ATTRIBUTE, code, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** The code of the last problem built while answering {@code request}, if any. */
    public static Optional<String> codeOf(HttpServletRequest request) {
        return Optional.ofNullable(request.getAttribute(ATTRIBUTE)).map(Object::toString);
    }
}
