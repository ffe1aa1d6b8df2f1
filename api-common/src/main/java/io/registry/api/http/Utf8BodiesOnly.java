package io.registry.api.http;

import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bodies are UTF-8 JSON: on a route that reads a body, a {@code Content-Type} whose {@code charset} names
 * anything but UTF-8 is refused with 415 {@code unsupported_charset} before the body is read (otherwise
 * Jackson would guess the encoding and accept UTF-8 bytes labelled as UTF-16). A missing or malformed
 * {@code Content-Type} is left to Spring MVC, which answers 415 {@code unsupported_media_type}.
 */
public class Utf8BodiesOnly implements HandlerInterceptor {

    private final Map<java.lang.reflect.Method, Boolean> readsBody = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !readsBody.computeIfAbsent(method.getMethod(),
                m -> Arrays.stream(method.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(RequestBody.class)))) {
            return true;
        }
        String contentType = request.getContentType();
        if (contentType == null) {
            return true;
        }
        String charset = charsetOf(contentType);
        if (charset != null && !isUtf8(charset)) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_charset",
                    "Send the body as UTF-8: the Content-Type's charset must be utf-8, or be left out.",
                    List.of(new FieldViolation(HttpHeaders.CONTENT_TYPE, "unsupported_charset",
                            "charset must be utf-8")));
        }
        return true;
    }

    /**
     * The value of the {@code charset} parameter, unquoted ("" when it has none), or null when there is no such
     * parameter. Read by hand: Spring's parser refuses a charset it does not know (which would make it an
     * unsupported media type instead) and skips a parameter without a value.
     */
    private static String charsetOf(String contentType) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String name = (eq < 0 ? parts[i] : parts[i].substring(0, eq)).trim();
            if (name.equalsIgnoreCase("charset")) {
                return eq < 0 ? "" : unquote(parts[i].substring(eq + 1).trim());
            }
        }
        return null;
    }

    private static boolean isUtf8(String name) {
        try {
            return Charset.forName(name).equals(StandardCharsets.UTF_8);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
