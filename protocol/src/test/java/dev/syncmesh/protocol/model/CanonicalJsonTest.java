package dev.syncmesh.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  @Property
  void keyOrderDoesNotMatter(
      @ForAll @Size(max = 20)
          Map<@StringLength(max = 6) @CharRange(from = '\u0001', to = '\ud7ff') String,
              @IntRange(min = -1000, max = 1000) Integer>
          fields,
      @ForAll Random random) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(fields.entrySet());
    ObjectNode first = objectOf(entries);
    Collections.shuffle(entries, random);
    ObjectNode second = objectOf(entries);
    ObjectNode nested = NODES.objectNode();
    nested.set("x", second);

    assertThat(CanonicalJson.text(first)).isEqualTo(CanonicalJson.text(second));
    assertThat(CanonicalJson.text(nested)).isEqualTo("{\"x\":" + CanonicalJson.text(first) + "}");
  }

  @Property(tries = 300)
  void parsingCanonicalTextGivesItBack(@ForAll("json") JsonNode value) {
    String text = CanonicalJson.text(value);

    assertThat(CanonicalJson.text(CanonicalJson.parse(text))).isEqualTo(text);
    assertThat(CanonicalJson.bytes(value)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Property
  void numbersKeepTheirExactValue(
      @ForAll @IntRange(min = -60, max = 60) int scale, @ForAll long unscaled) {
    BigDecimal value = new BigDecimal(BigInteger.valueOf(unscaled), scale);
    String text = CanonicalJson.number(value);

    assertThat(new BigDecimal(text)).isEqualByComparingTo(value);
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

  @Provide
  Arbitrary<JsonNode> json() {
    return json(3);
  }

  private Arbitrary<JsonNode> json(int depth) {
    Arbitrary<String> strings =
        Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff').ofMaxLength(8);
    Arbitrary<JsonNode> numbers =
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
            .flatMap(
                unscaled ->
                    Arbitraries.integers()
                        .between(-40, 40)
                        .map(scale -> (JsonNode) DecimalNode.valueOf(new BigDecimal(unscaled, scale))));
    Arbitrary<JsonNode> leaf =
        Arbitraries.oneOf(
            strings.map(TextNode::valueOf),
            numbers,
            Arbitraries.of(true, false).map(BooleanNode::valueOf),
            Arbitraries.just(NullNode.getInstance()));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonNode> inner = json(depth - 1);
    Arbitrary<JsonNode> arrays =
        inner.list().ofMaxSize(4).map(items -> {
          ArrayNode array = NODES.arrayNode();
          items.forEach(array::add);
          return array;
        });
    Arbitrary<JsonNode> objects =
        Arbitraries.maps(strings, inner).ofMaxSize(4).map(fields -> {
          ObjectNode object = NODES.objectNode();
          fields.forEach(object::set);
          return object;
        });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, leaf), net.jqwik.api.Tuple.of(1, arrays), net.jqwik.api.Tuple.of(1, objects));
  }

  private static ObjectNode objectOf(List<Map.Entry<String, Integer>> entries) {
    ObjectNode object = NODES.objectNode();
    entries.forEach(e -> object.put(e.getKey(), e.getValue()));
    return object;
  }
}
