package io.registry.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.registry.api.problem.ApiException;
import io.registry.api.problem.ProblemWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.MediaType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's error report as RFC 9457 problem+json, for what Tomcat refuses before the application sees the
 * request: a URL it cannot decode or normalize, a request line or headers it cannot parse or that are too
 * large. (Errors inside the application go to {@code /error}, see {@link ProblemErrorController}.)
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    /**
     * Tomcat tells its parse failures apart only by message, built from its resource bundles; the patterns are
     * taken from the same bundles, so the comparison is exact in any locale.
     */
    private static final TomcatMessage HEADER_TOO_LARGE =
            TomcatMessage.of("org.apache.coyote.http11", "iib.requestheadertoolarge.error");
    private static final TomcatMessage INVALID_HEADER =
            TomcatMessage.of("org.apache.coyote.http11", "iib.invalidheader.reject");
    private static final TomcatMessage TOO_MANY_HEADERS =
            TomcatMessage.of("org.apache.tomcat.util.http", "headers.maxCountFail");

    private final ObjectMapper mapper;

    public ProblemErrorReportValve(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int statusCode = response.getStatus();
        if (statusCode < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ApiException problem = classify(statusCode, throwable, request.getRequestURI());
        try {
            response.setStatus(problem.status().value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(mapper.writeValueAsString(ProblemWriter.body(problem)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing left to tell it
        }
    }

    /**
     * What Tomcat refused, from what it leaves behind: failures while parsing the request line or the headers
     * carry an exception (the URI is still empty when the request line itself was too long); URL decoding and
     * normalization failures and header checks after parsing (Host, Content-Length, Transfer-Encoding) set 400
     * without one, so the URL itself tells them apart.
     */
    static ApiException classify(int statusCode, Throwable throwable, String requestUri) {
        if (throwable != null && HEADER_TOO_LARGE.matches(throwable.getMessage())) {
            return requestUri == null || requestUri.isEmpty()
                    ? ContainerErrors.uriTooLong() : ContainerErrors.headerTooLarge();
        }
        if (throwable != null && TOO_MANY_HEADERS.matches(throwable.getMessage())) {
            return ContainerErrors.headerTooLarge();
        }
        if (statusCode != 400) {
            return ContainerErrors.byStatus(statusCode);
        }
        if (throwable != null) {
            // the rest of the request line (method, target, protocol) fails with other messages
            return INVALID_HEADER.matches(throwable.getMessage())
                    ? ContainerErrors.invalidHeader() : ContainerErrors.invalidUrl();
        }
        return isWellFormedPath(requestUri) ? ContainerErrors.invalidHeader() : ContainerErrors.invalidUrl();
    }

    /**
     * Whether Tomcat would decode and normalize {@code rawPath} (as received: printable ASCII, %-escapes of UTF-8
     * bytes other than '/', '\' and NUL, no backslash, no {@code ..} above the root).
     */
    static boolean isWellFormedPath(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return false;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= rawPath.length() || !HexFormat.isHexDigit(rawPath.charAt(i + 1))
                        || !HexFormat.isHexDigit(rawPath.charAt(i + 2))) {
                    return false;
                }
                int value = HexFormat.fromHexDigits(rawPath, i + 1, i + 3);
                if (value == 0 || value == '/' || value == '\\') {
                    return false;
                }
                bytes.write(value);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String path;
        try {
            path = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        int depth = 0;
        for (String segment : path.substring(1).split("/", -1)) {
            depth += segment.equals("..") ? -1 : segment.equals(".") || segment.isEmpty() ? 0 : 1;
            if (depth < 0) {
                return false;
            }
        }
        return true;
    }

    /** One message of Tomcat's, with its single argument (if any) matching anything. */
    private record TomcatMessage(String prefix, String suffix) {
        static TomcatMessage of(String packageName, String key) {
            String[] parts = StringManager.getManager(packageName).getString(key).split("\\{0}", -1);
            return new TomcatMessage(parts[0], parts.length > 1 ? parts[1] : "");
        }

        boolean matches(String message) {
            return message != null && message.length() >= prefix.length() + suffix.length()
                    && message.startsWith(prefix) && message.endsWith(suffix);
        }
    }
}
