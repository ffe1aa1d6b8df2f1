package io.registry.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.registry.cli.CliFailure;
import io.registry.cli.ExitCode;
import io.registry.cli.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * A refusal as one line: {@code 400 invalid_request: The request has 1 invalid field(s). version: invalid_format (must
 * be ...)}. The registry answers RFC 9457 problem details with a stable {@code code} and, for bad input, every bad
 * field in {@code errors}; an answer that is not one (a proxy's page) is shown abbreviated.
 */
public record Problem(int status, String code, String detail, List<String> fields) {

    private static final int SHOWN_BODY = 200;

    public static Problem of(int status, String body) {
        JsonNode json;
        try {
            json = Json.parse(body);
        } catch (Exception notJson) {
            return new Problem(status, null, abbreviate(body), List.of());
        }
        if (!json.isObject() || Json.text(json, "code") == null) {
            return new Problem(status, null, abbreviate(body), List.of());
        }
        String detail = Json.text(json, "detail") != null ? Json.text(json, "detail") : Json.text(json, "title");
        List<String> fields = new ArrayList<>();
        for (JsonNode error : json.path("errors")) {
            String field = Json.text(error, "field");
            String code = Json.text(error, "code");
            String message = Json.text(error, "message");
            StringBuilder line = new StringBuilder(field == null ? "(request)" : field).append(": ").append(code);
            if (message != null && !message.equals(detail)) {
                line.append(" (").append(message).append(')');
            }
            fields.add(oneLine(line.toString()));
        }
        return new Problem(status, Json.text(json, "code"), detail == null ? null : oneLine(detail), fields);
    }

    /** The line printed after {@code error: }. */
    public String line() {
        StringBuilder line = new StringBuilder().append(status);
        if (code != null) {
            line.append(' ').append(code);
        }
        if (detail != null && !detail.isBlank()) {
            line.append(": ").append(detail);
        }
        if (!fields.isEmpty()) {
            line.append(detail != null && detail.endsWith(".") ? " " : ". ").append(String.join("; ", fields));
        }
        if (status == 401) {
            line.append(" (run `registry login`, or set REGISTRY_TOKEN)");
        }
        return line.toString();
    }

    public CliFailure failure() {
        return new CliFailure(ExitCode.forStatus(status), line());
    }

    /** The registry asks to be asked again: the first request with this X-Client-Request-ID is still running. */
    public boolean inProgress() {
        return status == 409 && "request_in_progress".equals(code);
    }

    static String abbreviate(String body) {
        String line = oneLine(body == null ? "" : body).strip();
        if (line.isEmpty()) {
            return "(empty body)";
        }
        return line.length() > SHOWN_BODY ? line.substring(0, SHOWN_BODY) + "..." : line;
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }
}
