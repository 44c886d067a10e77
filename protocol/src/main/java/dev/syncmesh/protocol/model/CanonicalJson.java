package dev.syncmesh.protocol.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The canonical text of JSON values, in the style of RFC 8785: object keys sorted by UTF-16 code
 * units, no insignificant white space, strings escaped minimally, numbers normalised. Numbers keep
 * their full precision (they are read as decimals, not doubles): {@code 1.0}, {@code 1e0} and
 * {@code 1} are the same number and print as {@code 1}; magnitudes outside 1e-7..1e21 print in
 * exponent form like {@code 1.5e+30}, as ECMAScript does.
 */
public final class CanonicalJson {
  /** Nesting deeper than this is refused: a record is data, not a stack exhaustion attack. */
  public static final int MAX_DEPTH = 64;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
  }

  private CanonicalJson() {}

  /** Parses JSON text strictly (no duplicate keys, nothing after the value). */
  public static JsonNode parse(byte[] json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new InvalidInputException("invalid-json", "the body is empty, not JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("invalid-json", "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory failed", e);
    }
  }

  public static JsonNode parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The canonical text of a value, as UTF-8. */
  public static byte[] bytes(JsonNode value) {
    return text(value).getBytes(StandardCharsets.UTF_8);
  }

  public static String text(JsonNode value) {
    StringBuilder out = new StringBuilder(128);
    write(value, out, 0);
    return out.toString();
  }

  /** The shared mapper, configured for exact decimals; callers must not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static void write(JsonNode value, StringBuilder out, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidInputException(
          "invalid-json", "JSON nested deeper than " + MAX_DEPTH + " levels");
    }
    switch (value.getNodeType()) {
      case OBJECT -> writeObject(value, out, depth);
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          if (i > 0) out.append(',');
          write(value.get(i), out, depth + 1);
        }
        out.append(']');
      }
      case STRING -> writeString(value.textValue(), out);
      case NUMBER -> out.append(number(value.decimalValue()));
      case BOOLEAN -> out.append(value.booleanValue());
      case NULL -> out.append("null");
      default ->
          throw new InvalidInputException(
              "invalid-json", "a " + value.getNodeType() + " is not a JSON value");
    }
  }

  private static void writeObject(JsonNode value, StringBuilder out, int depth) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(value.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      fields.add(it.next());
    }
    fields.sort(Map.Entry.comparingByKey());
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) out.append(',');
      writeString(fields.get(i).getKey(), out);
      out.append(':');
      write(fields.get(i).getValue(), out, depth + 1);
    }
    out.append('}');
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * ECMAScript-style number text with exact digits: integers and moderate decimals plainly,
   * others as {@code d.ddde±n}.
   */
  static String number(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal n = value.stripTrailingZeros();
    String digits = n.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - n.scale(); // decimal exponent of the first digit
    String sign = n.signum() < 0 ? "-" : "";
    if (exponent >= 21 || exponent < -7) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.abs(exponent);
    }
    return sign + n.toPlainString().replace("-", "");
  }

}
