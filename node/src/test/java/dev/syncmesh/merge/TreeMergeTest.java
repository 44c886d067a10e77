package dev.syncmesh.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.tree.ProllyTree;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TreeMergeTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final ProllyTree tree = new ProllyTree(store);
  private final TreeMerge merge = new TreeMerge(tree, store);

  private final Hash base =
      tree(
          ProllyTree.EMPTY,
          "issues/1", "{\"title\":\"a\",\"state\":\"open\"}",
          "issues/2", "{\"title\":\"b\"}",
          "issues/3", "{\"title\":\"c\"}");

  @Test
  void disjointChangesMergeWithoutConflict() {
    Hash ours = tree(base, "issues/1", "{\"title\":\"A\",\"state\":\"open\"}", "issues/4", "{}");
    Hash theirs = tree(base, "issues/1", "{\"title\":\"a\",\"state\":\"closed\"}", "issues/2", null);

    TreeMergeResult result = merge.merge(base, ours, theirs, null);

    assertThat(result.conflicts()).isEmpty();
    assertThat(records(result.tree()))
        .containsExactly(
            Map.entry("issues/1", "{\"state\":\"closed\",\"title\":\"A\"}"),
            Map.entry("issues/3", "{\"title\":\"c\"}"),
            Map.entry("issues/4", "{}"));
  }

  @Test
  void mergingWithTheBaseOnEitherSideGivesTheOtherSide() {
    Hash changed = tree(base, "issues/2", "{\"title\":\"B\"}", "issues/9", "{\"x\":1}");

    assertThat(merge.merge(base, base, changed, null).tree()).isEqualTo(changed);
    assertThat(merge.merge(base, changed, base, null).tree()).isEqualTo(changed);
  }

  @Test
  void conflictingFieldsFollowTheStrategyOrWaitForAPerson() {
    Hash ours = tree(base, "issues/1", "{\"title\":\"ours\",\"state\":\"open\"}");
    Hash theirs = tree(base, "issues/1", "{\"title\":\"theirs\",\"state\":\"closed\"}");

    TreeMergeResult none = merge.merge(base, ours, theirs, null);
    assertThat(none.unresolved())
        .extracting(Conflict::field, c -> c.ours().asText(), c -> c.theirs().asText())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("title", "ours", "theirs"));
    assertThat(value(none.tree(), "issues/1")).isEqualTo("{\"state\":\"closed\",\"title\":\"ours\"}");

    assertThat(value(merge.merge(base, ours, theirs, MergeStrategy.THEIRS).tree(), "issues/1"))
        .isEqualTo("{\"state\":\"closed\",\"title\":\"theirs\"}");
    TreeMergeResult oursWins = merge.merge(base, ours, theirs, MergeStrategy.OURS);
    assertThat(oursWins.conflictsResolved()).isTrue();
    assertThat(value(oursWins.tree(), "issues/1")).isEqualTo("{\"state\":\"closed\",\"title\":\"ours\"}");
  }

  @Test
  void deleteAgainstModifyIsARecordLevelConflict() {
    Hash ours = tree(base, "issues/3", null);
    Hash theirs = tree(base, "issues/3", "{\"title\":\"C\"}");

    TreeMergeResult result = merge.merge(base, ours, theirs, null);
    assertThat(result.unresolved()).extracting(Conflict::field).containsExactly("*");
    assertThat(value(result.tree(), "issues/3")).isNull();
    assertThat(value(merge.merge(base, ours, theirs, MergeStrategy.THEIRS).tree(), "issues/3"))
        .isEqualTo("{\"title\":\"C\"}");
  }

  @Test
  void aPersonsChoicesReplayOntoAFreshMerge() {
    Hash ours = tree(base, "issues/1", "{\"title\":\"ours\",\"state\":\"open\"}", "issues/3", null);
    Hash theirs =
        tree(base, "issues/1", "{\"title\":\"theirs\",\"state\":\"open\"}", "issues/3", "{\"title\":\"C\"}");
    RecordKey one = RecordKey.parse("issues/1");
    RecordKey three = RecordKey.parse("issues/3");

    TreeMergeResult partly =
        merge.resolve(base, ours, theirs, MergeRules.NONE, null, List.of(Resolution.value(one, "title", CanonicalJson.parse("\"both\""))));
    assertThat(partly.unresolved()).extracting(Conflict::key).containsExactly(three);

    TreeMergeResult done =
        merge.resolve(
            base,
            ours,
            theirs,
            MergeRules.NONE,
            null,
            List.of(
                Resolution.value(one, "title", CanonicalJson.parse("\"both\"")),
                Resolution.theirs(three, "*")));
    assertThat(done.clean()).isTrue();
    assertThat(value(done.tree(), "issues/1")).isEqualTo("{\"state\":\"open\",\"title\":\"both\"}");
    assertThat(value(done.tree(), "issues/3")).isEqualTo("{\"title\":\"C\"}");
  }

  @Test
  void addAddComparesFieldByFieldAgainstNothing() {
    Hash ours = tree(base, "issues/7", "{\"a\":1,\"b\":2}");
    Hash theirs = tree(base, "issues/7", "{\"a\":1,\"b\":3,\"c\":4}");

    TreeMergeResult result = merge.merge(base, ours, theirs, MergeStrategy.THEIRS);
    assertThat(result.conflicts()).extracting(Conflict::field).containsExactly("b");
    assertThat(value(result.tree(), "issues/7")).isEqualTo("{\"a\":1,\"b\":3,\"c\":4}");
  }

  /** Applies alternating key, JSON-or-null pairs to a tree. */
  private Hash tree(Hash root, String... keysAndValues) {
    NavigableMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String json = keysAndValues[i + 1];
      Optional<Hash> hash = Optional.empty();
      if (json != null) {
        RecordValue value = RecordValue.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.putAll(List.of(value.blob()));
        hash = Optional.of(value.hash());
      }
      edits.put(RecordKey.parse(keysAndValues[i]), hash);
    }
    return tree.apply(root, edits);
  }

  private String value(Hash root, String key) {
    return tree.get(root, RecordKey.parse(key))
        .map(hash -> RecordValue.fromBlob(store.get(hash).orElseThrow()).toString())
        .orElse(null);
  }

  private Map<String, String> records(Hash root) {
    Map<String, String> out = new TreeMap<>();
    tree.list(root, null, null, 1000)
        .forEach(e -> out.put(e.key().toString(), value(root, e.key().toString())));
    return out;
  }
}
