package io.registry.api.http;

import io.registry.api.problem.ApiException;
import io.registry.api.problem.FieldViolation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The query string of every route holds exactly the parameters its handler declares with
 * {@link RequestParam}, each once, each well formed; anything else is a 400 naming every bad parameter:
 * {@code unknown_parameter}, {@code repeated_parameter} (unless declared as a list), {@code empty_parameter}
 * ({@code limit=} or a bare {@code limit}), {@code invalid_format} (whitespace around a value, control
 * characters, broken %-escapes or bytes that are not UTF-8, a number that is not plain ASCII digits with an
 * optional leading '-', a boolean that is not {@code true} or {@code false}). Range and meaning stay with the
 * handler. Reads the raw query string only, never a form body.
 */
public class DeclaredQueryParameters implements HandlerInterceptor {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final int MAX_NAME_SHOWN = 100;

    private final Map<Method, Declared> declarations = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            Declared declared = declarations.computeIfAbsent(method.getMethod(), m -> Declared.of(method));
            List<FieldViolation> violations = declared.check(request.getQueryString());
            if (!violations.isEmpty()) {
                throw ApiException.badRequest(violations);
            }
        }
        return true;
    }

    private enum Kind { INTEGER, DECIMAL, BOOLEAN, TEXT }

    private record Param(Kind kind, boolean repeatable) {
    }

    /** The {@code @RequestParam}s of one handler method; {@code open} when it takes a map of all of them. */
    private record Declared(Map<String, Param> params, boolean open) {

        static Declared of(HandlerMethod method) {
            Map<String, Param> params = new LinkedHashMap<>();
            boolean open = false;
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
                if (annotation == null) {
                    continue;
                }
                Class<?> type = parameter.nestedIfOptional().getNestedParameterType();
                String declaredName = StringUtils.hasText(annotation.name()) ? annotation.name() : annotation.value();
                if (Map.class.isAssignableFrom(type) && !StringUtils.hasText(declaredName)) {
                    open = true;
                    continue;
                }
                // without a name in the annotation, Spring binds by the parameter's name (compiled with -parameters)
                String name = StringUtils.hasText(declaredName) ? declaredName : parameter.getParameter().getName();
                boolean repeatable = type.isArray() || Collection.class.isAssignableFrom(type);
                Class<?> element = type.isArray() ? type.getComponentType()
                        : repeatable ? parameter.nestedIfOptional().nested().getNestedParameterType() : type;
                params.put(name, new Param(kindOf(element), repeatable));
            }
            return new Declared(Map.copyOf(params), open);
        }

        List<FieldViolation> check(String query) {
            List<FieldViolation> violations = new ArrayList<>();
            Map<String, List<String>> values = new LinkedHashMap<>();
            if (query != null) {
                for (String pair : query.split("&", -1)) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String rawName = eq < 0 ? pair : pair.substring(0, eq);
                    String name = decode(rawName);
                    if (name == null) {
                        violations.add(new FieldViolation(shown(rawName), "invalid_format",
                                "is not a valid %-encoded UTF-8 parameter name"));
                        continue;
                    }
                    values.computeIfAbsent(name, n -> new ArrayList<>()).add(eq < 0 ? "" : pair.substring(eq + 1));
                }
            }
            values.forEach((name, raw) -> {
                Param param = params.get(name);
                if (param == null) {
                    if (!open) {
                        violations.add(new FieldViolation(shown(name), "unknown_parameter",
                                "is not a parameter of this route" + (params.isEmpty() ? " (it takes none)"
                                        : "; it takes " + String.join(", ", params.keySet().stream().sorted().toList()))));
                    }
                    return;
                }
                if (raw.size() > 1 && !param.repeatable()) {
                    violations.add(new FieldViolation(name, "repeated_parameter", "must be given at most once"));
                    return;
                }
                raw.stream().map(value -> violationOf(name, param.kind(), value))
                        .filter(Objects::nonNull).findFirst().ifPresent(violations::add);
            });
            return violations;
        }
    }

    private static Kind kindOf(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == BigInteger.class) {
            return Kind.INTEGER;
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class) {
            return Kind.DECIMAL;
        }
        if (type == Boolean.class || type == boolean.class) {
            return Kind.BOOLEAN;
        }
        return Kind.TEXT;
    }

    /** What is wrong with {@code raw} (still %-encoded) as a value of {@code kind}, or null when nothing is. */
    private static FieldViolation violationOf(String name, Kind kind, String raw) {
        String value = decode(raw);
        if (value == null) {
            return new FieldViolation(name, "invalid_format", "is not valid %-encoded UTF-8");
        }
        if (value.isEmpty()) {
            return new FieldViolation(name, "empty_parameter", "must not be empty when given");
        }
        if (isSpace(value.codePointAt(0)) || isSpace(value.codePointBefore(value.length()))) {
            return new FieldViolation(name, "invalid_format", "must not start or end with whitespace");
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            return new FieldViolation(name, "invalid_format", "must not contain control or formatting characters");
        }
        String expected = switch (kind) {
            case INTEGER -> INTEGER.matcher(value).matches() ? null
                    : "must be a whole number written with the digits 0-9 (no '+', spaces or separators)";
            case DECIMAL -> DECIMAL.matcher(value).matches() ? null
                    : "must be a number written with the digits 0-9 and an optional '.'";
            case BOOLEAN -> value.equals("true") || value.equals("false") ? null : "must be true or false";
            case TEXT -> null;
        };
        return expected == null ? null : new FieldViolation(name, "invalid_format", expected);
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Form-style decoding as the container does it ('+' is a space, %XX a byte), but strict: a broken escape or
     * bytes that are not UTF-8 give null instead of being skipped or replaced.
     */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = hexDigit(raw.charAt(i + 1));
                int lo = hexDigit(raw.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static String shown(String name) {
        return name.length() <= MAX_NAME_SHOWN ? name : name.substring(0, MAX_NAME_SHOWN) + "...";
    }
}
