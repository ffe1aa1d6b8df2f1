package io.registry.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelUnknownSet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the Java values cel-java evaluates.
 *
 * <p>JSON to CEL: integers to {@link Long} (CEL's int64 overloads do not match {@link Integer});
 * integers beyond the int64 range and all decimals to {@link Double}; objects to {@code
 * Map<String, Object>} (insertion-ordered); arrays to {@code List}; null to CEL's {@link
 * NullValue}.
 *
 * <p>CEL to JSON: int, uint, double, string, bool, null, map (string keys only) and list as their
 * JSON counterparts; bytes as base64 text, timestamps as RFC 3339 text and durations as {@code
 * "1.5s"} text (the protobuf JSON mapping). NaN and infinities, non-string map keys, CEL types and
 * anything else have no JSON form and are refused.
 */
final class CelValues {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CelValues() {}

  static Object toCel(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> map.put(field.getKey(), toCel(field.getValue())));
        yield map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        node.elements().forEachRemaining(element -> list.add(toCel(element)));
        yield list;
      }
      case STRING -> node.textValue();
      case BOOLEAN -> node.booleanValue();
      case NUMBER -> {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          yield node.longValue();
        }
        yield node.doubleValue();
      }
      case NULL, MISSING -> NullValue.NULL_VALUE;
      case BINARY, POJO ->
          throw new IllegalArgumentException("only JSON values can be bound, got " + node.getNodeType());
    };
  }

  /** Raised when a CEL value has no JSON form. */
  static final class NotJson extends Exception {
    NotJson(String message) {
      super(message);
    }
  }

  /** Raised when a result has more than the allowed number of JSON nodes. */
  static final class TooManyNodes extends Exception {
    TooManyNodes(String message) {
      super(message);
    }
  }

  /** Raised when a result still depends on an unbound variable. */
  static final class Unknown extends Exception {
    Unknown(String message) {
      super(message);
    }
  }

  /**
   * Converts the result of an evaluation, which must be a map with string keys.
   *
   * @throws NotJson when the result or a part of it has no JSON form
   */
  static ObjectNode toJsonObject(Object value, int maxNodes) throws NotJson, TooManyNodes, Unknown {
    if (value instanceof CelUnknownSet unknown) {
      throw new Unknown(
          "the result depends on a variable that was declared but not bound (unknown expression ids "
              + unknown.unknownExprIds() + ")");
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new NotJson("the expression must evaluate to a map, got " + celTypeName(value));
    }
    return (ObjectNode) new Converter(maxNodes).toJson(value, "");
  }

  private static final class Converter {
    private final int maxNodes;
    private int nodes;

    Converter(int maxNodes) {
      this.maxNodes = maxNodes;
    }

    JsonNode toJson(Object value, String pointer) throws NotJson, TooManyNodes, Unknown {
      if (++nodes > maxNodes) {
        throw new TooManyNodes("the result has more than " + maxNodes + " JSON nodes");
      }
      if (value == null
          || value instanceof NullValue
          || value instanceof com.google.protobuf.NullValue) {
        return NODES.nullNode();
      }
      if (value instanceof Boolean bool) {
        return NODES.booleanNode(bool);
      }
      if (value instanceof Long || value instanceof Integer) {
        return integerNode(((Number) value).longValue());
      }
      if (value instanceof UnsignedLong unsigned) {
        BigInteger big = unsigned.bigIntegerValue();
        return big.bitLength() < 64 ? integerNode(big.longValue()) : NODES.numberNode(big);
      }
      if (value instanceof Double || value instanceof Float) {
        double number = ((Number) value).doubleValue();
        if (Double.isNaN(number) || Double.isInfinite(number)) {
          throw new NotJson(at(pointer) + number + " has no JSON representation");
        }
        return NODES.numberNode(number);
      }
      if (value instanceof String text) {
        return NODES.textNode(text);
      }
      if (value instanceof CelByteString bytes) {
        return NODES.textNode(Base64.getEncoder().encodeToString(bytes.toByteArray()));
      }
      if (value instanceof com.google.protobuf.ByteString bytes) {
        return NODES.textNode(Base64.getEncoder().encodeToString(bytes.toByteArray()));
      }
      if (value instanceof Instant instant) {
        return NODES.textNode(instant.toString());
      }
      if (value instanceof com.google.protobuf.Timestamp timestamp) {
        return NODES.textNode(
            Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).toString());
      }
      if (value instanceof Duration duration) {
        return NODES.textNode(durationText(duration.getSeconds(), duration.getNano()));
      }
      if (value instanceof com.google.protobuf.Duration duration) {
        return NODES.textNode(durationText(duration.getSeconds(), duration.getNanos()));
      }
      if (value instanceof Map<?, ?> map) {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (!(entry.getKey() instanceof String key)) {
            throw new NotJson(
                at(pointer) + "map keys must be strings, got " + celTypeName(entry.getKey())
                    + " key " + entry.getKey());
          }
          object.set(key, toJson(entry.getValue(), JsonPointers.child(pointer, key)));
        }
        return object;
      }
      if (value instanceof Iterable<?> iterable) {
        ArrayNode array = NODES.arrayNode();
        Iterator<?> elements = iterable.iterator();
        for (int index = 0; elements.hasNext(); index++) {
          array.add(toJson(elements.next(), JsonPointers.child(pointer, index)));
        }
        return array;
      }
      if (value instanceof CelUnknownSet) {
        throw new Unknown(at(pointer) + "depends on a variable that was declared but not bound");
      }
      throw new NotJson(at(pointer) + "a value of type " + celTypeName(value) + " has no JSON form");
    }
  }

  /** The node Jackson's parser would produce for the same JSON text, so results compare equal. */
  private static JsonNode integerNode(long value) {
    int narrow = (int) value;
    return narrow == value ? NODES.numberNode(narrow) : NODES.numberNode(value);
  }

  private static String at(String pointer) {
    return pointer.isEmpty() ? "" : "at " + pointer + ": ";
  }

  private static String durationText(long seconds, int nanos) {
    BigDecimal total = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9));
    return total.stripTrailingZeros().toPlainString() + "s";
  }

  static String celTypeName(Object value) {
    if (value == null || value instanceof NullValue || value instanceof com.google.protobuf.NullValue) {
      return "null";
    }
    if (value instanceof Long || value instanceof Integer) {
      return "int";
    }
    if (value instanceof UnsignedLong) {
      return "uint";
    }
    if (value instanceof Double || value instanceof Float) {
      return "double";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof CelByteString || value instanceof com.google.protobuf.ByteString) {
      return "bytes";
    }
    if (value instanceof List<?>) {
      return "list";
    }
    if (value instanceof Map<?, ?>) {
      return "map";
    }
    if (value instanceof Instant || value instanceof com.google.protobuf.Timestamp) {
      return "timestamp";
    }
    if (value instanceof Duration || value instanceof com.google.protobuf.Duration) {
      return "duration";
    }
    return value.getClass().getSimpleName();
  }
}
