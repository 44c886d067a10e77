package dev.syncmesh.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordValueTest {

  @Test
  void equalContentIsAnEqualValueWithTheSameHash() {
    RecordValue a = parse("{\"b\": 1.0, \"a\": [1, {\"y\": true, \"x\": null}]}");
    RecordValue b = parse("{\"a\":[1e0,{\"x\":null,\"y\":true}],\"b\":1}");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.hash()).isEqualTo(b.hash());
    assertThat(a.toString()).isEqualTo("{\"a\":[1,{\"x\":null,\"y\":true}],\"b\":1}");
    assertThat(a.canonicalBytes()).isEqualTo(a.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(a.blob().kind()).isEqualTo(ObjectKind.BLOB);
    assertThat(a.hash()).isEqualTo(StoredObject.hashOf(ObjectKind.BLOB, a.canonicalBytes()));
  }

  @Test
  void aBlobReadsBackAsTheSameValue() {
    RecordValue value = parse("{\"title\":\"été\",\"n\":-0.5}");

    RecordValue back = RecordValue.fromBlob(value.blob());

    assertThat(back).isEqualTo(value);
    assertThat(back.json()).isEqualTo(value.json());
    assertThatThrownBy(() -> RecordValue.fromBlob(StoredObject.of(ObjectKind.NODE, new byte[0])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "{\"a\":}",
        "{\"a\":1,}",
        "{'a':1}",
        "{a:1}",
        "{\"a\":NaN}",
        "{\"a\":Infinity}",
        "{\"a\":01}",
        "{\"a\":1} {}",
        "{\"a\":1}x",
        "{\"a\":\"unterminated}",
        "{\"a\":\"tab\tinside\"}",
        "{\"a\":1} // comment",
        "\u00ef\u00bb\u00bf{}",
      })
  void malformedJsonIsRefused(String json) {
    assertRefused(json, "invalid-json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":{\"c\":1,\"c\":1}}", "{\"x\":[{\"k\":1,\"k\":1}]}"})
  void duplicateKeysAreRefused(String json) {
    assertRefused(json, "invalid-json").contains("Duplicate");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"[] | array", "[{}] | array", "\"text\" | string", "null | null", "1 | number", "true | boolean"})
  void onlyAnObjectIsARecordValue(String json, String what) {
    assertRefused(json, "invalid-value").endsWith("not " + what);
  }

  @Test
  void theFieldNameOfRecordLevelConflictsIsReservedAtTheTopLevelOnly() {
    assertRefused("{\"*\":1}", "invalid-value").contains("\"*\"");
    assertRefused("{\"a\":1,\"*\":null}", "invalid-value");

    assertThat(parse("{\"a\":{\"*\":1},\"**\":2}").toString()).isEqualTo("{\"**\":2,\"a\":{\"*\":1}}");
  }

  @Test
  void nothingIsNotARecordValue() {
    assertThatThrownBy(() -> RecordValue.of(null))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.problem()).isEqualTo("invalid-value"));
  }

  @Test
  void aValueOfExactlyOneMebibyteIsAccepted() {
    String body = "{\"a\":\"" + "x".repeat(RecordValue.MAX_BYTES - 8) + "\"}";

    assertThat(parse(body).canonicalBytes()).hasSize(RecordValue.MAX_BYTES);
  }

  @Test
  void aValueOverOneMebibyteCanonicalIsRefused() {
    assertRefused("{\"a\":\"" + "x".repeat(RecordValue.MAX_BYTES - 7) + "\"}", "value-too-large")
        .contains(Integer.toString(RecordValue.MAX_BYTES + 1));
    // Escaping counts: 200,000 control characters take six bytes each in canonical form.
    assertRefused("{\"a\":\"" + "\\u0001".repeat(200_000) + "\"}", "value-too-large");
    // Multi-byte characters count as bytes, not as characters.
    assertRefused("{\"a\":\"" + "é".repeat(RecordValue.MAX_BYTES / 2) + "\"}", "value-too-large");
  }

  @Test
  void whiteSpaceDoesNotCountTowardsTheLimit() {
    String padded = "{" + " ".repeat(2 * RecordValue.MAX_BYTES) + "\"a\":1}";

    assertThat(parse(padded).toString()).isEqualTo("{\"a\":1}");
    assertRefused("{" + " ".repeat(4 * RecordValue.MAX_BYTES) + "\"a\":1}", "value-too-large");
  }

  @Test
  void nestingUpToTheLimitIsAccepted() {
    assertThat(parse(nested(CanonicalJson.MAX_DEPTH)).toString())
        .isEqualTo(nested(CanonicalJson.MAX_DEPTH));
    assertThat(parse(nestedArrays(CanonicalJson.MAX_DEPTH)).toString())
        .isEqualTo(nestedArrays(CanonicalJson.MAX_DEPTH));
  }

  @Test
  void nestingBeyondTheLimitIsRefused() {
    assertRefused(nested(CanonicalJson.MAX_DEPTH + 1), "invalid-json").contains("nesting depth");
    assertRefused(nestedArrays(CanonicalJson.MAX_DEPTH + 1), "invalid-json");
    assertRefused(nested(100_000), "invalid-json");
  }

  @Test
  void nestingIsLimitedAlikeForBuiltValues() {
    assertThat(RecordValue.of(built(CanonicalJson.MAX_DEPTH)).toString())
        .isEqualTo(nested(CanonicalJson.MAX_DEPTH));
    assertThatThrownBy(() -> RecordValue.of(built(CanonicalJson.MAX_DEPTH + 1)))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.problem()).isEqualTo("invalid-json"));
  }

  /** {"a":{"a":...{}}} with the given number of objects. */
  private static String nested(int depth) {
    return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  }

  /** {"a":[[...[]]]} with the given number of containers. */
  private static String nestedArrays(int depth) {
    return "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
  }

  private static ObjectNode built(int depth) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode node = root;
    for (int i = 1; i < depth; i++) {
      node = node.putObject("a");
    }
    return root;
  }

  private static RecordValue parse(String json) {
    return RecordValue.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static AbstractStringAssert<?> assertRefused(String json, String problem) {
    InvalidInputException refused = null;
    try {
      parse(json);
    } catch (InvalidInputException e) {
      refused = e;
    }
    assertThat(refused).as("refusal of %s", json.length() > 60 ? json.substring(0, 60) : json).isNotNull();
    assertThat(refused.problem()).isEqualTo(problem);
    return assertThat(refused.getMessage());
  }
}
