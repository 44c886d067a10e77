package dev.syncmesh.merge;

import static dev.syncmesh.merge.Json.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.testing.Gen;
import dev.syncmesh.protocol.testing.Seeds;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every rule as a pure function: the merge laws over random values, then what each decides. */
class MergeRuleTest {
  private static final List<MergeRule> RULES =
      List.of(
          MergeRule.Ours.INSTANCE,
          MergeRule.Theirs.INSTANCE,
          MergeRule.Manual.INSTANCE,
          MergeRule.Max.INSTANCE,
          MergeRule.Min.INSTANCE,
          MergeRule.Union.INSTANCE,
          new MergeRule.Lww("at"));
  private static final List<MergeRule> SYMMETRIC =
      List.of(
          MergeRule.Max.INSTANCE,
          MergeRule.Min.INSTANCE,
          MergeRule.Union.INSTANCE,
          new MergeRule.Lww("at"));
  /** Values of every kind a rule meets, with equal-but-different spellings (1 and 1.0, offsets). */
  private static final List<String> VALUES =
      List.of(
          "1", "2", "1.0", "-3.5", "'a'", "'b'", "'2025-12-16T18:17:18-08:00'",
          "'2025-12-17T02:17:18Z'", "'2025-12-17T02:17:19.5Z'", "'2025-12-17'", "null", "true",
          "[]", "[1]", "[1,2]", "[2,1,1]", "[{k:1}]", "[{k:1},'x']", "{k:1}");

  private static JsonNode value(Gen gen) {
    return gen.oneIn(8) ? null : node(gen.pick(VALUES));
  }

  private static ObjectNode record(Gen gen, JsonNode field) {
    ObjectNode record = CanonicalJson.mapper().createObjectNode();
    JsonNode at = value(gen);
    if (at != null) record.set("at", at);
    if (field != null) record.set("f", field);
    return record;
  }

  @Seeds(2000)
  void aSideEqualToTheBaseGivesTheOtherAndEqualSidesGiveTheirValue(Gen gen) {
    MergeRule rule = gen.pick(RULES);
    JsonNode base = value(gen);
    JsonNode other = value(gen);
    ObjectNode baseRecord = record(gen, base);
    ObjectNode otherRecord = record(gen, other);
    assertThat(settled(rule.merge(base, base, other, baseRecord, otherRecord)))
        .as("%s(base, base, x)", rule.text())
        .isEqualTo(Optional.of(text(other)));
    assertThat(settled(rule.merge(base, other, base, otherRecord, baseRecord)))
        .as("%s(base, x, base)", rule.text())
        .isEqualTo(Optional.of(text(other)));
    assertThat(settled(rule.merge(base, other, other, otherRecord, otherRecord)))
        .as("%s(base, x, x)", rule.text())
        .isEqualTo(Optional.of(text(other)));
  }

  @Seeds(2000)
  void symmetricRulesGiveTheSameWhicheverSideIsOurs(Gen gen) {
    MergeRule rule = gen.pick(SYMMETRIC);
    JsonNode base = value(gen);
    JsonNode ours = value(gen);
    JsonNode theirs = value(gen);
    ObjectNode ourRecord = record(gen, ours);
    ObjectNode theirRecord = record(gen, theirs);
    assertThat(settled(rule.merge(base, ours, theirs, ourRecord, theirRecord)))
        .as("%s", rule.text())
        .isEqualTo(settled(rule.merge(base, theirs, ours, theirRecord, ourRecord)));
  }

  @Seeds(2000)
  void aDecidedValueIsOneOfTheSidesExceptForUnion(Gen gen) {
    MergeRule rule = gen.pick(RULES);
    JsonNode base = value(gen);
    JsonNode ours = value(gen);
    JsonNode theirs = value(gen);
    Optional<String> decided =
        settled(rule.merge(base, ours, theirs, record(gen, ours), record(gen, theirs)));
    if (decided.isPresent() && !(rule instanceof MergeRule.Union)) {
      assertThat(decided.get()).isIn(text(ours), text(theirs));
    }
  }

  @Test
  void maxAndMinCompareNumbersByValueAndTimesByInstant() {
    assertThat(decide(MergeRule.Max.INSTANCE, "9", "10")).contains("10");
    assertThat(decide(MergeRule.Min.INSTANCE, "9", "10")).contains("9");
    assertThat(decide(MergeRule.Max.INSTANCE, "-1.5", "-2")).contains("-1.5");
    // 18:17-08:00 is 02:17Z the next day: later than 01:00Z, though it sorts first as text.
    assertThat(decide(MergeRule.Max.INSTANCE, "'2025-12-16T18:17:18-08:00'", "'2025-12-17T01:00:00Z'"))
        .contains("\"2025-12-16T18:17:18-08:00\"");
    assertThat(decide(MergeRule.Min.INSTANCE, "'2025-12-16T18:17:18.169927-08:00'", "'2025-12-17T01:00:00Z'"))
        .contains("\"2025-12-17T01:00:00Z\"");
    assertThat(decide(MergeRule.Max.INSTANCE, "'2025-12-16'", "'2025-12-15T23:00:00Z'"))
        .contains("\"2025-12-16\"");
    assertThat(decide(MergeRule.Max.INSTANCE, "'apple'", "'banana'")).contains("\"banana\"");
  }

  @Test
  void maxAndMinLeaveValuesThatDoNotCompare() {
    assertThat(decide(MergeRule.Max.INSTANCE, "1", "'2'")).isEmpty();
    assertThat(decide(MergeRule.Max.INSTANCE, "true", "false")).isEmpty();
    assertThat(decide(MergeRule.Min.INSTANCE, "{a:1}", "{a:2}")).isEmpty();
    assertThat(
            MergeRule.Max.INSTANCE.merge(node("1"), node("2"), null, null, null)) // removed there
        .isEmpty();
  }

  @Test
  void unionKeepsWhatNeitherSideRemovedAndAddsWhatEitherAdded() {
    Optional<MergeRule.Settled> merged =
        MergeRule.Union.INSTANCE.merge(
            node("['b','a','c']"), node("['b','a','x']"), node("['a','c','y',{k:1}]"), null, null);
    // c removed by ours, b by theirs: gone; a kept in the base's order; additions sorted.
    assertThat(text(merged.get().value())).isEqualTo("[\"a\",\"x\",\"y\",{\"k\":1}]");
    assertThat(
            text(
                MergeRule.Union.INSTANCE
                    .merge(null, node("[2,1,2]"), node("[3]"), null, null)
                    .get()
                    .value()))
        .isEqualTo("[1,2,3]");
    assertThat(MergeRule.Union.INSTANCE.merge(node("[1]"), node("[1,2]"), node("'x'"), null, null))
        .isEmpty();
  }

  @Test
  void lwwTakesTheNewerSideByItsField() {
    ObjectNode older = (ObjectNode) node("{at:'2025-12-16T18:00:00-08:00', f:'old'}");
    ObjectNode newer = (ObjectNode) node("{at:'2025-12-17T03:00:00Z', f:'new'}");
    MergeRule lww = new MergeRule.Lww("at");
    assertThat(text(lww.merge(node("'b'"), node("'old'"), node("'new'"), older, newer).get().value()))
        .isEqualTo("\"new\"");
    assertThat(text(lww.merge(node("'b'"), node("'new'"), node("'old'"), newer, older).get().value()))
        .isEqualTo("\"new\"");
    ObjectNode unstamped = (ObjectNode) node("{f:'x'}");
    assertThat(lww.merge(node("'b'"), node("'x'"), node("'new'"), unstamped, newer)).isEmpty();
  }

  @Test
  void everyRuleReadsBackFromItsText() {
    for (MergeRule rule : RULES) {
      assertThat(MergeRule.parse(rule.text())).isEqualTo(rule);
    }
    assertThat(MergeRule.parse("lww:")).isNull();
    assertThat(MergeRule.parse("MAX")).isNull();
  }

  private static Optional<String> decide(MergeRule rule, String ours, String theirs) {
    return settled(rule.merge(node("0"), node(ours), node(theirs), null, null));
  }

  private static Optional<String> settled(Optional<MergeRule.Settled> settled) {
    return settled.map(s -> text(s.value()));
  }

  private static String text(JsonNode value) {
    return value == null ? "(absent)" : CanonicalJson.text(value);
  }
}
