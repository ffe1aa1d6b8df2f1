package io.registry.command.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.registry.api.problem.AnsweredProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code registry.commands{command, outcome, code}}: every request to a command route, counted once when it has
 * been answered, whoever answered it (the route, a rejection of the entity, the security chain, the HTTP limits).
 * {@code outcome} is {@code success} (2xx), {@code rejected} (4xx), {@code failed} (5xx) or {@code replayed} (an
 * idempotent replay of an earlier answer: nothing was decided); {@code code} is the problem's {@code code}
 * ({@code version_exists}, {@code stale_entity}, {@code internal_error}, ...) and {@code none} without a problem.
 *
 * <p>Registered first in the filter chain, so that it sees every answer; it binds the request attributes for
 * the filters before Spring's request context filter, so that the problems they write leave their code too.
 */
public class CommandOutcomeFilter extends OncePerRequestFilter {

    public static final String METRIC = "registry.commands";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final MeterRegistry meters;

    public CommandOutcomeFilter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return CommandRoute.of(request.getMethod(), request.getRequestURI()).isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CommandRoute route = CommandRoute.of(request.getMethod(), request.getRequestURI()).orElseThrow();
        boolean bound = RequestContextHolder.getRequestAttributes() == null;
        if (bound) {
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, response));
        }
        boolean escaped = true;
        try {
            chain.doFilter(request, response);
            escaped = false;
        } finally {
            if (bound) {
                RequestContextHolder.resetRequestAttributes();
            }
            // an exception that escapes the chain becomes a 500 after this filter has returned
            int status = escaped ? 500 : response.getStatus();
            count(route, status, "true".equals(response.getHeader(REPLAYED_HEADER)),
                    AnsweredProblem.codeOf(request));
        }
    }

    private void count(CommandRoute route, int status, boolean replayed, Optional<String> problem) {
        String outcome;
        String code;
        if (replayed) {
            outcome = "replayed";
            code = "none";
        } else if (status >= 500) {
            outcome = "failed";
            code = problem.orElse("internal_error");
        } else if (status >= 400) {
            outcome = "rejected";
            code = problem.orElse("unknown");
        } else {
            outcome = "success";
            code = "none";
        }
        Counter.builder(METRIC)
                .description("Command requests by outcome and problem code")
                .tag("command", route.command())
                .tag("outcome", outcome)
                .tag("code", code)
                .register(meters)
                .increment();
    }
}
