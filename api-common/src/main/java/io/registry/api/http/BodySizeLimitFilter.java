package io.registry.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Refuses request bodies over {@code registry.http.max-body-size} with 413 {@code body_too_large} without
 * reading them: at once when {@code Content-Length} says so, otherwise (chunked bodies) as soon as the bytes
 * read pass the limit. Runs before security and before anything reads the body. Tomcat then closes the
 * connection instead of draining the rest of the upload (see {@link HttpEdgesConfiguration}).
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ObjectMapper mapper;

    public BodySizeLimitFilter(long maxBytes, ObjectMapper mapper) {
        this.maxBytes = maxBytes;
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            refuse(response);
            return;
        }
        try {
            chain.doFilter(new LimitedBodyRequest(request, maxBytes), response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!causedByTooLargeBody(e) || response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            refuse(response);
        }
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CONNECTION, "close");
        ProblemWriter.write(response, mapper, new BodyTooLarge(maxBytes));
    }

    private static boolean causedByTooLargeBody(Throwable e) {
        return tooLargeBodyIn(e) != null;
    }

    private static BodyTooLarge tooLargeBodyIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyTooLarge tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    /**
     * Answers 413 when a controller's body reading stopped at the limit: Jackson and Spring's converters wrap
     * the stream's exception as an unreadable body, which would otherwise become a 400. Ordered before the
     * exception handlers.
     */
    public static final class TooLargeBodyResolver implements HandlerExceptionResolver, Ordered {
        private final ObjectMapper mapper;

        public TooLargeBodyResolver(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                             Exception e) {
            BodyTooLarge tooLarge = tooLargeBodyIn(e);
            if (tooLarge == null || response.isCommitted()) {
                return null;
            }
            try {
                response.resetBuffer();
                response.setHeader(HttpHeaders.CONNECTION, "close");
                ProblemWriter.write(response, mapper, tooLarge);
            } catch (IOException written) {
                // the client is gone
            }
            return new ModelAndView();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 1; // right after DefaultErrorAttributes, which only records
        }
    }

    /** Thrown by the body's stream when a read passes the limit. */
    public static final class BodyTooLarge extends ApiException {
        BodyTooLarge(long maxBytes) {
            super(HttpStatus.PAYLOAD_TOO_LARGE, "body_too_large",
                    "The request body is larger than " + maxBytes + " bytes (registry.http.max-body-size).");
        }
    }

    private static final class LimitedBodyRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream stream;

        LimitedBodyRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8.name() : encoding));
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long count;

        LimitedInputStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > maxBytes) {
                throw new BodyTooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
