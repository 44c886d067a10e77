package dev.syncmesh.merge;

import static dev.syncmesh.merge.Json.node;
import static dev.syncmesh.merge.Json.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merge rules as a peer declares them: checked on the way in, then applied field by field. */
class MergeRulesTest {
  private static final RecordKey KEY = new RecordKey("issues", "bd-1");
  private static final FieldMerge MERGE = new FieldMerge();
  private static final MergeRules RULES =
      rules("{issues: {updated_at: 'max', labels: 'union', status: 'theirs', '*': 'manual'}}");

  @Test
  void rulesSettleTheirFieldsAndManualKeepsTheRestFromTheStrategy() {
    RecordMerge merged =
        MERGE.merge(
            record("{title:'t', status:'open', labels:['a'], updated_at:'2025-01-01T00:00:00Z'}"),
            record("{title:'ours', status:'closed', labels:['a','x'], updated_at:'2025-01-02T00:00:00Z'}"),
            record("{title:'theirs', status:'blocked', labels:['y'], updated_at:'2025-01-02T04:00:00+05:00'}"),
            KEY,
            RULES,
            MergeStrategy.OURS);
    assertThat(CanonicalJson.text(merged.value().get()))
        .isEqualTo(
            "{\"labels\":[\"x\",\"y\"],\"status\":\"blocked\",\"title\":\"ours\","
                + "\"updated_at\":\"2025-01-02T00:00:00Z\"}");
    // 2025-01-02T04:00+05:00 is 2025-01-01T23:00Z: ours is later, though theirs sorts later.
    assertThat(merged.settledByRules()).isEqualTo(3);
    assertThat(merged.unresolved()).extracting(Conflict::field).containsExactly("title");
  }

  @Test
  void aPersonsChoiceSettlesAManualFieldAndTheStrategyTheOthers() {
    MergeRules titleManual = rules("{issues: {title: 'manual'}}");
    RecordMerge merged =
        MERGE.resolve(
            record("{title:'t', body:'b'}"),
            record("{title:'ours', body:'ours'}"),
            record("{title:'theirs', body:'theirs'}"),
            KEY,
            titleManual,
            MergeStrategy.THEIRS,
            List.of(Resolution.value(KEY, "title", node("'mine'"))));
    assertThat(CanonicalJson.text(merged.value().get()))
        .isEqualTo("{\"body\":\"theirs\",\"title\":\"mine\"}");
    assertThat(merged.unresolved()).isEmpty();
  }

  @Test
  void aStarLwwRuleTakesTheWholeRecordFromTheNewerSideButFieldRulesStillApply() {
    MergeRules lww = rules("{'*': {'*': 'lww:updated_at', labels: 'union'}}");
    RecordMerge merged =
        MERGE.merge(
            record("{title:'t', body:'b', labels:['a'], updated_at:1}"),
            record("{title:'ours', body:'b', labels:['a','x'], updated_at:2}"),
            record("{title:'t', body:'theirs', labels:['y'], updated_at:3}"),
            KEY,
            lww,
            null);
    // Theirs is newer: its title (our change lost, as last-writer-wins means), body and stamp.
    assertThat(CanonicalJson.text(merged.value().get()))
        .isEqualTo("{\"body\":\"theirs\",\"labels\":[\"x\",\"y\"],\"title\":\"t\",\"updated_at\":3}");
    assertThat(merged.conflicts()).isEmpty();
  }

  @Test
  void aRecordDeletedOnOneSideFollowsTheStarRuleWhenItPicksASide() {
    RecordMerge theirs =
        MERGE.merge(
            record("{a:1}"), record("{a:2}"), java.util.Optional.empty(), KEY,
            rules("{issues: {'*': 'theirs'}}"), null);
    assertThat(theirs.isDeletion()).isTrue();
    assertThat(theirs.conflicts()).isEmpty();
    RecordMerge max =
        MERGE.merge(
            record("{a:1}"), record("{a:2}"), java.util.Optional.empty(), KEY,
            rules("{issues: {'*': 'max'}}"), MergeStrategy.OURS);
    assertThat(max.conflicts()).hasSize(1);
    assertThat(max.unresolved()).isEmpty(); // the strategy settled it
    RecordMerge manual =
        MERGE.merge(
            record("{a:1}"), record("{a:2}"), java.util.Optional.empty(), KEY,
            rules("{issues: {'*': 'manual'}}"), MergeStrategy.OURS);
    assertThat(manual.unresolved()).hasSize(1);
  }

  @Test
  void aCollectionsOwnRulesOverrideTheStarCollectionFieldByField() {
    MergeRules rules = rules("{'*': {a: 'max', b: 'min'}, issues: {b: 'max'}}");
    MergeRules.ForCollection issues = rules.forCollection("issues");
    assertThat(issues.field("a")).isEqualTo(MergeRule.Max.INSTANCE);
    assertThat(issues.field("b")).isEqualTo(MergeRule.Max.INSTANCE);
    assertThat(rules.forCollection("other").field("b")).isEqualTo(MergeRule.Min.INSTANCE);
    assertThat(rules.forCollection("other").field("c")).isNull();
    assertThat(MergeRules.NONE.forCollection("issues").isEmpty()).isTrue();
  }

  @Test
  void aRemotesRulesOverrideThePeersFieldByField() {
    MergeRules peer = rules("{issues: {a: 'max', b: 'min'}}");
    MergeRules remote = rules("{issues: {b: 'theirs'}, notes: {'*': 'ours'}}");
    assertThat(peer.overriddenBy(remote).text())
        .isEqualTo(
            Map.of("issues", Map.of("a", "max", "b", "theirs"), "notes", Map.of("*", "ours")));
    assertThat(peer.overriddenBy(MergeRules.NONE)).isSameAs(peer);
  }

  @Test
  void badRulesAreRefusedWithWhatIsWrong() {
    assertInvalid("[]", "must be an object of collections");
    assertInvalid("{Issues: {a: 'max'}}", "collection 'Issues' is not valid");
    assertInvalid("{issues: ['max']}", "must be an object of at most 256 fields");
    assertInvalid("{issues: {a: 'maximum'}}", "the rule of issues.'a' is 'maximum'");
    assertInvalid("{issues: {a: 3}}", "the rule of issues.'a' must be a string");
    assertInvalid("{issues: {a: 'lww:'}}", "use ours, theirs, manual, max, min, union or lww:<field>");
    assertInvalid("{issues: {a: 'lww:*'}}", "lww:<field>");
    assertInvalid("{issues: {'': 'max'}}", "is empty or longer than 256");
    StringBuilder many = new StringBuilder("{issues: {");
    for (int i = 0; i <= MergeRules.MAX_FIELDS; i++) {
      many.append(i == 0 ? "" : ",").append("f").append(i).append(": 'max'");
    }
    assertInvalid(many.append("}}").toString(), "at most 256 fields");
  }

  @Test
  void rulesKeepTheirTextInOrderAndEmptyCollectionsVanish() {
    MergeRules rules = rules("{notes: {}, issues: {b: 'union', a: 'lww:updated_at'}}");
    assertThat(rules.text()).isEqualTo(Map.of("issues", Map.of("a", "lww:updated_at", "b", "union")));
    assertThat(rules.text().get("issues").keySet()).containsExactly("a", "b");
    assertThat(MergeRules.fromJson(node("{}"))).isEqualTo(MergeRules.NONE);
    assertThat(MergeRules.fromJson(null)).isEqualTo(MergeRules.NONE);
  }

  private static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> MergeRules.fromJson(node(json)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InvalidInputException) e).problem()).isEqualTo("invalid-merge-rules"));
  }

  private static MergeRules rules(String json) {
    return MergeRules.fromJson(node(json));
  }
}
