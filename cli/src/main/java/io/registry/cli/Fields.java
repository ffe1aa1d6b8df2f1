package io.registry.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JSON object for people: one {@code name  value} line per field, in the registry's order. */
public final class Fields {

    private Fields() {
    }

    public static void print(PrintWriter out, JsonNode object) {
        int width = 0;
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            width = Math.max(width, field.getKey().length());
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            out.println(String.format("%-" + width + "s  %s", field.getKey(), value(field.getValue())));
        }
    }

    /** Text as is, arrays of text joined by commas, other structures as compact JSON, null as {@code -}. */
    public static String value(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    return Json.compact(value);
                }
                items.add(item.asText());
            }
            return items.isEmpty() ? "-" : String.join(", ", items);
        }
        return Json.compact(value);
    }
}
