package dev.syncmesh.protocol.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MergeValuesJsonTest {
  private static final ObjectMapper MAPPER = CanonicalJson.mapper();
  private static final RecordKey KEY = new RecordKey("issues", "I-1");

  private static JsonNode json(String text) {
    return CanonicalJson.parse(text.replace('\'', '"'));
  }

  private static <T> T roundTrip(Object value, Class<T> type) throws Exception {
    return MAPPER.readValue(MAPPER.writeValueAsString(value), type);
  }

  @Test
  void strategiesHaveLowerCaseJsonNames() throws Exception {
    assertThat(MAPPER.writeValueAsString(MergeStrategy.OURS)).isEqualTo("\"ours\"");
    assertThat(MAPPER.readValue("\"theirs\"", MergeStrategy.class)).isEqualTo(MergeStrategy.THEIRS);
    assertThat(MergeStrategy.parse("ours")).isEqualTo(MergeStrategy.OURS);
    assertThat(MergeStrategy.parseOrNull(null)).isNull();
    assertThat(MergeStrategy.OURS.opposite()).isEqualTo(MergeStrategy.THEIRS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"OURS", "Theirs", "", " ours", "mine", "recursive"})
  void otherStrategyNamesAreRefused(String name) {
    assertThatThrownBy(() -> MergeStrategy.parse(name))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.problem()).isEqualTo("invalid-strategy"))
        .hasMessageContaining("ours");
    assertThatThrownBy(() -> MergeStrategy.parse(null)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void conflictJsonHasKeyAsTextAndLeavesAbsentSidesOut() throws Exception {
    Conflict conflict = new Conflict(KEY, "title", json("'a'"), null, NullNode.getInstance());
    String text = MAPPER.writeValueAsString(conflict);
    assertThat(text)
        .isEqualTo("{\"key\":\"issues/I-1\",\"field\":\"title\",\"base\":\"a\",\"theirs\":null}");
    Conflict back = roundTrip(conflict, Conflict.class);
    assertThat(back).isEqualTo(conflict);
    assertThat(back.ours()).isNull();
    assertThat(back.theirs()).isEqualTo(NullNode.getInstance());
  }

  @Test
  void recordLevelConflictRoundTrips() throws Exception {
    Conflict conflict = Conflict.ofRecord(KEY, json("{'a':1}"), json("{'a':2}"), null);
    assertThat(conflict.isRecordLevel()).isTrue();
    assertThat(roundTrip(conflict, Conflict.class)).isEqualTo(conflict);
    assertThat(MAPPER.writeValueAsString(conflict)).doesNotContain("recordLevel");
  }

  @Test
  void resolutionsMatchTheHttpBody() throws Exception {
    Resolution value = Resolution.value(KEY, "title", json("'b'"));
    assertThat(MAPPER.writeValueAsString(value))
        .isEqualTo(
            "{\"key\":\"issues/I-1\",\"field\":\"title\",\"choice\":\"value\","
                + "\"value\":\"b\"}");
    assertThat(roundTrip(value, Resolution.class)).isEqualTo(value);
    assertThat(roundTrip(Resolution.ours(KEY, "a"), Resolution.class))
        .isEqualTo(Resolution.ours(KEY, "a"));
    Resolution setNull =
        MAPPER.readValue(
            "{\"key\":\"issues/I-1\",\"field\":\"a\",\"choice\":\"value\",\"value\":null}",
            Resolution.class);
    assertThat(setNull.value()).isEqualTo(NullNode.getInstance());
    Resolution remove =
        MAPPER.readValue(
            "{\"key\":\"issues/I-1\",\"field\":\"a\",\"choice\":\"value\"}", Resolution.class);
    assertThat(remove.value()).isNull();
  }

  @Test
  void wholeRecordValueIsAnObjectOrNothing() {
    assertThat(Resolution.value(KEY, "*", NullNode.getInstance()).value()).isNull();
    assertThat(Resolution.value(KEY, "*", json("{'a':1}")).value()).isEqualTo(json("{'a':1}"));
    assertThatThrownBy(() -> Resolution.value(KEY, "*", json("3")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new Resolution(KEY, "a", Resolution.Choice.OURS, json("1")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new Resolution(KEY, "a", null, null))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void badChoicesAndKeysInJsonAreRefused() {
    assertThatThrownBy(
            () ->
                MAPPER.readValue(
                    "{\"key\":\"issues/I-1\",\"field\":\"a\",\"choice\":\"mine\"}",
                    Resolution.class))
        .hasRootCauseInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                MAPPER.readValue(
                    "{\"key\":\"no-slash\",\"field\":\"a\",\"choice\":\"ours\"}", Resolution.class))
        .hasRootCauseInstanceOf(InvalidInputException.class);
  }
}
