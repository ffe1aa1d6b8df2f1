package io.registry.command.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.ProblemWriter;
import io.registry.api.request.ClientRequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code X-Client-Request-ID} on a command is an idempotency key: the same id with the same body (same
 * caller, same route) answers the first response again and records nothing new; the same id with another
 * body is refused with 422 {@code idempotency_key_reused}; a duplicate arriving while the first is still
 * running gets 409 {@code request_in_progress}. Server errors (5xx) are not kept, so they can be retried.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    private final IdempotencyStore store;
    private final ObjectMapper objectMapper;

    public IdempotencyFilter(IdempotencyStore store, ObjectMapper objectMapper) {
        this.store = store;
        this.objectMapper = objectMapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return request.getHeader(ClientRequestIdFilter.HEADER) == null
                || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        UUID requestId = UUID.fromString(request.getHeader(ClientRequestIdFilter.HEADER));
        byte[] body = request.getInputStream().readAllBytes();
        String caller = authentication.getName();
        String key = request.getMethod() + " " + request.getRequestURI();
        String bodySha = sha256(body);

        Optional<IdempotencyStore.Record> existing = store.claim(requestId, caller, key, bodySha);
        if (existing.isPresent()) {
            IdempotencyStore.Record record = existing.get();
            if (!record.caller().equals(caller) || !record.requestKey().equals(key) || !record.bodySha256().equals(bodySha)) {
                problem(response, new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency_key_reused",
                        "X-Client-Request-ID " + requestId + " was already used for another request; "
                                + "send a new id for a new request."));
                return;
            }
            if (record.pending()) {
                problem(response, new ApiException(HttpStatus.CONFLICT, "request_in_progress",
                        "The request with this X-Client-Request-ID is still running; retry shortly."));
                return;
            }
            record.replay(response);
            response.setHeader("Idempotent-Replayed", "true");
            return;
        }

        ContentCachingResponseWrapper wrapped = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), wrapped);
            if (wrapped.getStatus() < 500) {
                store.complete(requestId, wrapped.getStatus(), wrapped.getContentType(),
                        List.of("Location", "X-Consistency-Token", "ETag"), wrapped, wrapped.getContentAsByteArray());
                kept = true;
            }
        } finally {
            if (!kept) {
                store.release(requestId);
            }
            wrapped.copyBodyToResponse();
        }
    }

    private void problem(HttpServletResponse response, ApiException e) throws IOException {
        ProblemWriter.write(response, objectMapper, e);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body already read, so it can be hashed and still be read by the controller. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
