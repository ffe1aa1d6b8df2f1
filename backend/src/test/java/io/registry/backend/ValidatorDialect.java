package io.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The committed OpenAPI 3.1 document in the dialect the contract check's validator reads. Atlassian's
 * swagger-request-validator 2.46.1 (the newest release that runs on Java 17) validates bodies with OpenAPI 3.0 schemas: it
 * does not see a 3.1 type list, so {@code type: [string, "null"]} would check nothing. The same document is therefore
 * handed to it written the 3.0 way, meaning for meaning:
 * <ul>
 *   <li>{@code type: [X, "null"]} becomes {@code type: X, nullable: true}; {@code oneOf: [A, {type: "null"}]} becomes A
 *   (the referenced schema, copied) with {@code nullable: true};</li>
 *   <li>a problem response's {@code allOf: [Problem, {properties: {code: {enum}}}]} becomes one schema, Problem with that
 *   enum (the validator refuses every property of an {@code allOf} part that the part itself does not name);</li>
 *   <li>{@code $ref}s to shared responses, headers and parameters are replaced by what they name (schemas stay
 *   references: some are recursive);</li>
 *   <li>the schema annotations 3.0 does not have ({@code examples}, {@code propertyNames}) are left out, {@code const} is
 *   a one-value {@code enum}.</li>
 * </ul>
 * Nothing else changes: the validator checks statuses, media types, required properties, types, patterns, ranges,
 * enums and unknown properties as the committed document states them.
 */
final class ValidatorDialect {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ValidatorDialect() {
    }

    /** The document as JSON, in OpenAPI 3.0 terms. */
    static String of(String document) {
        try {
            ObjectNode api = (ObjectNode) YAML.readTree(document);
            api.put("openapi", "3.0.3");
            JsonNode components = api.path("components");
            inlineShared(api.path("paths"), components);
            walk(api.path("paths"), components);
            if (components.has("schemas")) {
                ObjectNode schemas = (ObjectNode) components.path("schemas");
                List<String> names = new ArrayList<>();
                schemas.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    schemas.set(name, schema(schemas.get(name), components));
                }
            }
            return new ObjectMapper().writeValueAsString(api);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** References stay references (the parser's full resolution cannot expand recursive schemas). */
    static ParseOptions parseOptions() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(false);
        return options;
    }

    /** Replaces references to shared responses, headers and parameters by copies of what they name. */
    private static void inlineShared(JsonNode node, JsonNode components) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            List<Map.Entry<String, JsonNode>> replaced = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode target = shared(field.getValue(), components);
                if (target != null) {
                    replaced.add(Map.entry(field.getKey(), target));
                } else {
                    inlineShared(field.getValue(), components);
                }
            }
            replaced.forEach(entry -> {
                ((ObjectNode) node).set(entry.getKey(), entry.getValue());
                inlineShared(entry.getValue(), components);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode target = shared(node.get(i), components);
                if (target != null) {
                    ((ArrayNode) node).set(i, target);
                }
                inlineShared(node.get(i), components);
            }
        }
    }

    private static JsonNode shared(JsonNode node, JsonNode components) {
        String ref = node.path("$ref").asText("");
        for (String kind : List.of("responses", "headers", "parameters")) {
            String prefix = "#/components/" + kind + "/";
            if (ref.startsWith(prefix)) {
                return components.path(kind).path(ref.substring(prefix.length())).deepCopy();
            }
        }
        return null;
    }

    /** Every schema below {@code node} (the value of each {@code schema} key), written the 3.0 way. */
    private static void walk(JsonNode node, JsonNode components) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (name.equals("schema")) {
                    ((ObjectNode) node).set(name, schema(node.get(name), components));
                } else {
                    walk(node.get(name), components);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> walk(item, components));
        }
    }

    /** One schema and the schemas it holds, written the 3.0 way. */
    private static JsonNode schema(JsonNode node, JsonNode components) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = ((ObjectNode) node).deepCopy();
        JsonNode oneOf = object.path("oneOf");
        if (oneOf.isArray() && oneOf.size() == 2 && isNull(oneOf.get(1))) {
            ObjectNode either = (ObjectNode) referenced(oneOf.get(0), components).deepCopy();
            either.put("nullable", true);
            return schema(either, components);
        }
        JsonNode allOf = object.path("allOf");
        if (allOf.isArray() && allOf.size() == 2 && allOf.get(0).has("$ref")) {
            ObjectNode merged = (ObjectNode) referenced(allOf.get(0), components).deepCopy();
            allOf.get(1).path("properties").fields().forEachRemaining(property -> ((ObjectNode) merged
                    .with("properties").with(property.getKey())).setAll((ObjectNode) property.getValue()));
            return schema(merged, components);
        }
        JsonNode type = object.path("type");
        if (type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> types.add(t.asText()));
            boolean nullable = types.remove("null");
            if (types.size() == 1) {
                object.put("type", types.get(0));
            } else {
                object.remove("type");
            }
            if (nullable) {
                object.put("nullable", true);
            }
        }
        if (object.has("const")) {
            object.set("enum", object.arrayNode().add(object.remove("const")));
        }
        object.remove("examples");
        object.remove("propertyNames");
        if (object.path("properties").isObject()) {
            ObjectNode properties = (ObjectNode) object.get("properties");
            List<String> names = new ArrayList<>();
            properties.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                properties.set(name, schema(properties.get(name), components));
            }
        }
        for (String one : List.of("items", "additionalProperties", "not")) {
            if (object.path(one).isObject()) {
                object.set(one, schema(object.get(one), components));
            }
        }
        for (String many : List.of("allOf", "anyOf", "oneOf")) {
            if (object.path(many).isArray()) {
                ArrayNode parts = object.arrayNode();
                object.get(many).forEach(part -> parts.add(schema(part, components)));
                object.set(many, parts);
            }
        }
        return object;
    }

    private static boolean isNull(JsonNode schema) {
        return schema.path("type").asText("").equals("null");
    }

    private static JsonNode referenced(JsonNode schema, JsonNode components) {
        String ref = schema.path("$ref").asText("");
        String prefix = "#/components/schemas/";
        return ref.startsWith(prefix) ? components.path("schemas").path(ref.substring(prefix.length())) : schema;
    }
}
