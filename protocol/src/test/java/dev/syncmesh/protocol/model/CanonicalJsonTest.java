package dev.syncmesh.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.testing.Gen;
import dev.syncmesh.protocol.testing.JsonGen;
import dev.syncmesh.protocol.testing.Seeds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {
  private static final JsonNodeFactory NODES = JsonGen.NODES;

  @Seeds(1000)
  void keyOrderDoesNotMatter(Gen gen) {
    Map<String, Integer> fields = new LinkedHashMap<>();
    for (int i = gen.size(20); i > 0; i--) {
      fields.put(JsonGen.text(gen, 6, '\u0001'), gen.between(-1000, 1000));
    }
    List<String> shuffled = new ArrayList<>(fields.keySet());
    Collections.shuffle(shuffled, gen);
    checkKeyOrderDoesNotMatter(fields, shuffled);
  }

  @Test
  void keyOrderDoesNotMatterForEveryOrderOfAFewKeys() {
    List<String> keys =
        List.of("", "a", "b", "aa", "A", "\u0001", "\u00e9", "\ud7ff", "\uD83D\uDE00", "\uFB01");
    for (String a : keys) {
      for (String b : keys) {
        for (String c : keys) {
          Map<String, Integer> fields = new LinkedHashMap<>();
          fields.put(a, 1);
          fields.put(b, 2);
          fields.put(c, 3);
          List<String> reversed = new ArrayList<>(fields.keySet());
          Collections.reverse(reversed);
          checkKeyOrderDoesNotMatter(fields, reversed);
        }
      }
    }
  }

  private static void checkKeyOrderDoesNotMatter(Map<String, Integer> fields, List<String> order) {
    ObjectNode first = NODES.objectNode();
    fields.forEach(first::put);
    ObjectNode second = NODES.objectNode();
    order.forEach(key -> second.put(key, fields.get(key)));
    ObjectNode nested = NODES.objectNode();
    nested.set("x", second);

    assertThat(CanonicalJson.text(first)).isEqualTo(CanonicalJson.text(second));
    assertThat(CanonicalJson.text(nested)).isEqualTo("{\"x\":" + CanonicalJson.text(first) + "}");
  }

  @Seeds(300)
  void parsingCanonicalTextGivesItBack(Gen gen) {
    checkParsingGivesItBack(JsonGen.value(gen, 3));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}", "[]", "\"\"", "0", "null", "true", "{\"\":0}", "[[]]", "[{}]", "{\"a\":{}}",
        "[\"\\u0000\"]", "[\"\\\\\"]", "[-0.0]", "{\"b\":1,\"a\":[null,false]}"
      })
  void parsingCanonicalTextGivesItBackForSmallValues(String json) {
    checkParsingGivesItBack(CanonicalJson.parse(json));
  }

  private static void checkParsingGivesItBack(JsonNode value) {
    String text = CanonicalJson.text(value);

    assertThat(CanonicalJson.text(CanonicalJson.parse(text))).isEqualTo(text);
    assertThat(CanonicalJson.bytes(value)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Seeds(1000)
  void numbersKeepTheirExactValue(Gen gen) {
    checkExactValue(gen.anyLong(), gen.between(-60, 60));
  }

  @Test
  void numbersKeepTheirExactValueAtTheEdges() {
    for (long unscaled : new long[] {0, 1, -1, 10, -100, Long.MAX_VALUE, Long.MIN_VALUE}) {
      for (int scale : new int[] {-60, -21, -20, -7, -6, -1, 0, 1, 6, 7, 20, 21, 60}) {
        checkExactValue(unscaled, scale);
      }
    }
  }

  private static void checkExactValue(long unscaled, int scale) {
    BigDecimal value = new BigDecimal(BigInteger.valueOf(unscaled), scale);
    String text = CanonicalJson.number(value);

    assertThat(new BigDecimal(text)).as("%s", value).isEqualByComparingTo(value);
    assertThat(CanonicalJson.text(CanonicalJson.parse(text))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "1.0, 1",
    "1e0, 1",
    "1E0, 1",
    "10E-1, 1",
    "-0, 0",
    "-0.0, 0",
    "0e10, 0",
    "0.1, 0.1",
    "-12.340, -12.34",
    "100, 100",
    "1.23e2, 123",
    "1e20, 100000000000000000000",
    "9.999e20, 999900000000000000000",
    "1e21, 1e+21",
    "-1.5e30, -1.5e+30",
    "1e-6, 0.000001",
    "0.000001234, 0.000001234",
    "1e-7, 1e-7",
    "0.0000001, 1e-7",
    "1.5e-7, 1.5e-7",
    "123e-20, 1.23e-18",
    "12345678901234567890, 12345678901234567890",
    "123456789012345678901234567890, 1.2345678901234567890123456789e+29",
    "0.1234567890123456789012345678901, 0.1234567890123456789012345678901",
    "1e400, 1e+400",
    "-1e-400, -1e-400",
    "1e999999999, 1e+999999999",
    "2.5e-999999999, 2.5e-999999999",
  })
  void numbersAreNormalised(String input, String canonical) {
    assertThat(CanonicalJson.text(CanonicalJson.parse("[" + input + "]")))
        .isEqualTo("[" + canonical + "]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e2147483648", "10e2147483647", "1e-2147483649", "0.1e-2147483647"})
  void numbersBeyondAnyExponentAreRefused(String input) {
    assertThatThrownBy(() -> CanonicalJson.text(CanonicalJson.parse("[" + input + "]")))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).problem())
        .isEqualTo("invalid-json");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`\"plain\"` | `\"plain\"`",
        "`\"q\\\"b\\\\s/\"` | `\"q\\\"b\\\\s/\"`",
        "`\"\\/\"` | `\"/\"`",
        "`\"\\b\\f\\n\\r\\t\"` | `\"\\b\\f\\n\\r\\t\"`",
        "`\"\\u0000\\u0001\\u001f\\u000B\"` | `\"\\u0000\\u0001\\u001f\\u000b\"`",
        "`\"\\u007f\\u0080\"` | `\"\u007f\u0080\"`",
        "`\"\\u00e9t\\u00E9 ✓ \\u2028\"` | `\"été ✓ \u2028\"`",
        "`\"\\ud83d\\ude00\"` | `\"😀\"`",
      })
  void stringsAreEscapedMinimally(String input, String canonical) {
    assertThat(CanonicalJson.text(CanonicalJson.parse(input))).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\\ud800\"", "\"\\udc00x\"", "\"a\\ude00\\ud83d\"", "{\"\\ud800\":1}"})
  void unpairedSurrogatesAreRefused(String input) {
    assertThatThrownBy(() -> CanonicalJson.text(CanonicalJson.parse(input)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("surrogate");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        " { \"b\" : [ 1 , 2.50 ] , \"a\" : { } , \"A\" : null } | {\"A\":null,\"a\":{},\"b\":[1,2.5]}",
        "{\"\uFB01\":1,\"\uD83D\uDE00\":2,\"\u20ac\":3,\"z\":4} | {\"z\":4,\"\u20ac\":3,\"\uD83D\uDE00\":2,\"\uFB01\":1}",
        "[true,false,null,\"\"] | [true,false,null,\"\"]",
      })
  void objectKeysSortByUtf16CodeUnitsWithoutWhiteSpace(String input, String canonical) {
    assertThat(CanonicalJson.text(CanonicalJson.parse(input))).isEqualTo(canonical);
  }
}
