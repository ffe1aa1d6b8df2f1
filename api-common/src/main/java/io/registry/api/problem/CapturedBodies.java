package io.registry.api.problem;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

/**
 * Keeps the bytes of a request body bound to a record (bodies are bounded by the body size limit), so that when
 * binding fails on one field, {@link BodyViolations} can name every bad field of the body, not only the first one
 * the parser met. Costs one copy of the body; nothing is parsed twice unless the body is bad.
 */
@ControllerAdvice
public class CapturedBodies extends RequestBodyAdviceAdapter {

    private static final String ATTRIBUTE = CapturedBodies.class.getName();

    /** A body as received, with the record type it was to be bound to. */
    public record Captured(byte[] bytes, Class<?> target) {
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType instanceof Class<?> type && type.isRecord();
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] bytes = input.getBody().readAllBytes();
        RequestContextHolder.currentRequestAttributes()
                .setAttribute(ATTRIBUTE, new Captured(bytes, (Class<?>) targetType), RequestAttributes.SCOPE_REQUEST);
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** The body captured for this request, or null. */
    static Captured of(WebRequest request) {
        return (Captured) request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    }
}
