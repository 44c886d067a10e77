package dev.syncmesh.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.model.CanonicalJson;
import java.util.Optional;

/** Compact JSON for tests: unquoted names, single quotes, and "-" for an absent record. */
final class Json {
  private static final ObjectMapper RELAXED =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .build();

  private Json() {}

  static JsonNode node(String text) {
    try {
      return RELAXED.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  static Optional<ObjectNode> record(String text) {
    String trimmed = text.trim();
    return trimmed.equals("-") ? Optional.empty() : Optional.of((ObjectNode) node(trimmed));
  }

  /** Canonical text, or "-" for absent: what tests compare. */
  static String show(Optional<? extends JsonNode> value) {
    return value.map(CanonicalJson::text).orElse("-");
  }

  static String show(JsonNode valueOrNull) {
    return show(Optional.ofNullable(valueOrNull));
  }
}
