package io.registry.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The one defaults rule: every property named in a schema's {@code properties} that an object
 * lacks and whose schema has a {@code default} gets a copy of it, recursively through present
 * objects (defaults just added included), {@code additionalProperties} and {@code items}. JSON
 * {@code null} is a value, not a missing property.
 *
 * <p>Used on install inputs before validation, and at release on every {@code default} before it
 * is validated against its schema, so both see the same value.
 */
final class SchemaDefaults {

  private SchemaDefaults() {}

  /** Thrown when the defaults added would exceed the node budget. */
  static final class TooManyNodes extends RuntimeException {
    TooManyNodes(int budget) {
      super("applying the schema's defaults adds more than " + budget + " JSON nodes", null, false, false);
    }
  }

  /**
   * Adds the missing defaults to {@code instance} in place.
   *
   * @param maxAddedNodes how many JSON nodes the copied defaults may add in all: a small default
   *     copied into each of many array elements could otherwise multiply a small document
   * @throws TooManyNodes the defaults would add more than {@code maxAddedNodes} nodes
   */
  static void apply(JsonNode schema, JsonNode instance, int maxAddedNodes) {
    new Budget(maxAddedNodes).apply(schema, instance);
  }

  private static final class Budget {
    private final int max;
    private int added;

    Budget(int max) {
      this.max = max;
    }

    void apply(JsonNode schema, JsonNode instance) {
      if (schema == null || !schema.isObject()) {
        return;
      }
      if (instance instanceof ObjectNode object) {
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
          properties.fields().forEachRemaining(
              property -> {
                JsonNode propertyDefault = property.getValue().get("default");
                if (!object.has(property.getKey()) && propertyDefault != null) {
                  spend(propertyDefault);
                  object.set(property.getKey(), propertyDefault.deepCopy());
                }
              });
        }
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        object.fields().forEachRemaining(fields::add);
        for (Map.Entry<String, JsonNode> field : fields) {
          JsonNode propertySchema =
              properties != null && properties.has(field.getKey())
                  ? properties.get(field.getKey())
                  : schema.get("additionalProperties");
          apply(propertySchema, field.getValue());
        }
      } else if (instance.isArray()) {
        JsonNode items = schema.get("items");
        instance.elements().forEachRemaining(element -> apply(items, element));
      }
    }

    private void spend(JsonNode value) {
      Deque<JsonNode> pending = new ArrayDeque<>();
      pending.push(value);
      while (!pending.isEmpty()) {
        JsonNode node = pending.pop();
        if (++added > max) {
          throw new TooManyNodes(max);
        }
        node.elements().forEachRemaining(pending::push);
      }
    }
  }
}
