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
 * {@code 1} are the same number and print as {@code 1}; magnitudes below 1e-6 or from 1e21 up print
 * in exponent form like {@code 1.5e+30} or {@code 1e-7}, as ECMAScript does. Strings must be valid
 * Unicode: an unpaired surrogate has no UTF-8 form, so it is refused rather than replaced.
 */
public final class CanonicalJson {
  /** Nesting deeper than this is refused: a record is data, not a stack exhaustion attack. */
  public static final int MAX_DEPTH = 64;

  /**
   * The largest decimal exponent a number may have, in magnitude: far beyond any real datum, and
   * small enough that canonical text always reads back as the same number.
   */
  public static final int MAX_EXPONENT = 999_999_999;

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
    } catch (NumberFormatException | ArithmeticException e) {
      // Jackson lets these through for numbers whose exponent overflows a BigDecimal's scale.
      throw new InvalidInputException("invalid-json", "a number is out of range: " + e.getMessage());
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

  /** Writes a value; {@code depth} is the number of arrays and objects around it. */
  private static void write(JsonNode value, StringBuilder out, int depth) {
    if (value.isContainerNode() && depth >= MAX_DEPTH) {
      // The same limit as the parser's: at most MAX_DEPTH arrays and objects, one inside another.
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
          } else if (Character.isSurrogate(c)) {
            if (!Character.isHighSurrogate(c)
                || i + 1 == s.length()
                || !Character.isLowSurrogate(s.charAt(i + 1))) {
              throw new InvalidInputException(
                  "invalid-json",
                  "a string holds an unpaired UTF-16 surrogate \\u"
                      + Integer.toHexString(c)
                      + ", which is not Unicode text");
            }
            out.append(c).append(s.charAt(++i));
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
    String digits = value.unscaledValue().abs().toString();
    // The decimal exponent of the first digit, in long arithmetic: a scale may be any int.
    long exponent = digits.length() - 1 - (long) value.scale();
    if (Math.abs(exponent) > MAX_EXPONENT) {
      throw new InvalidInputException(
          "invalid-json",
          "a number's exponent is " + exponent + "; at most " + MAX_EXPONENT + " is allowed");
    }
    BigDecimal n = value.stripTrailingZeros();
    digits = n.unscaledValue().abs().toString();
    String sign = n.signum() < 0 ? "-" : "";
    if (exponent >= 21 || exponent < -6) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.abs(exponent);
    }
    return sign + n.toPlainString().replace("-", "");
  }

}
