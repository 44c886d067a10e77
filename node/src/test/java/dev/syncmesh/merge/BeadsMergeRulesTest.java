package dev.syncmesh.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.store.InMemoryObjectStore;
import dev.syncmesh.testing.ExternalData;
import dev.syncmesh.tree.ProllyTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Three real three-way merges of a real issue tracker's records ({@code beads/merges/}, one issue
 * a line, key {@code id}): how many conflicts field-level merge leaves alone, and with the rules
 * such a tracker would declare ({@code updated_at: max}, {@code dependencies: union}).
 */
class BeadsMergeRulesTest {
  private static final MergeRules TRACKER_RULES =
      MergeRules.of(Map.of("issues", Map.of("updated_at", "max", "dependencies", "union")));

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final ProllyTree tree = new ProllyTree(store);
  private final TreeMerge merge = new TreeMerge(tree, store);

  @ParameterizedTest(name = "{0}: {1} conflicts without rules, {2} with")
  @CsvSource({
    // merge, conflicts with field-level merge alone, with the tracker's rules
    "2ea1b74f43, 98, 16",
    "3acaebf191, 353, 30",
    "fd8b987189, 20, 13"
  })
  void rulesLeaveFarFewerConflictsOnRealMerges(String name, int alone, int withRules)
      throws IOException {
    Path folder = ExternalData.require("beads/merges/" + name);
    Hash base = load(folder.resolve("base.jsonl"));
    Hash ours = load(folder.resolve("ours.jsonl"));
    Hash theirs = load(folder.resolve("theirs.jsonl"));

    TreeMergeResult plain = merge.merge(base, ours, theirs, MergeRules.NONE, null);
    TreeMergeResult ruled = merge.merge(base, ours, theirs, TRACKER_RULES, null);
    System.out.printf(
        "beads merge %s: %d conflicts field by field, %d with updated_at max and dependencies"
            + " union (%d settled by the rules); left: %s%n",
        name, plain.conflicts().size(), ruled.conflicts().size(), ruled.settledByRules(),
        fields(ruled.conflicts()));

    assertThat(plain.conflicts()).hasSize(alone);
    assertThat(ruled.conflicts()).hasSize(withRules);
    assertThat(ruled.settledByRules()).isEqualTo(alone - withRules);
    assertThat(fields(ruled.conflicts())).doesNotContainKeys("updated_at", "dependencies");
  }

  @ParameterizedTest
  @CsvSource({"2ea1b74f43", "3acaebf191", "fd8b987189"})
  void theMergeWithRulesIsTheSameFromEitherSide(String name) throws IOException {
    Path folder = ExternalData.require("beads/merges/" + name);
    Hash base = load(folder.resolve("base.jsonl"));
    Hash ours = load(folder.resolve("ours.jsonl"));
    Hash theirs = load(folder.resolve("theirs.jsonl"));
    // Rules that settle every conflict the same way from both sides: the trees must be equal.
    MergeRules symmetric =
        MergeRules.of(Map.of("issues", Map.of("*", "lww:updated_at", "dependencies", "union")));
    TreeMergeResult one = merge.merge(base, ours, theirs, symmetric, null);
    TreeMergeResult other = merge.merge(base, theirs, ours, symmetric, null);
    assertThat(where(one.unresolved())).isEqualTo(where(other.unresolved())).hasSizeLessThanOrEqualTo(30);
    if (one.clean()) {
      assertThat(one.tree()).isEqualTo(other.tree());
    }
  }

  /** The file's issues as a tree, keyed {@code issues/<id>}. */
  private Hash load(Path jsonl) throws IOException {
    NavigableMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
    List<dev.syncmesh.protocol.store.StoredObject> blobs = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      ObjectNode issue = (ObjectNode) CanonicalJson.parse(line.getBytes(StandardCharsets.UTF_8));
      RecordValue value = RecordValue.of(issue);
      blobs.add(value.blob());
      edits.put(new RecordKey("issues", issue.get("id").asText()), Optional.of(value.hash()));
    }
    store.putAll(blobs);
    return tree.apply(ProllyTree.EMPTY, edits);
  }

  private static List<String> where(List<Conflict> conflicts) {
    return conflicts.stream().map(c -> c.key() + "." + c.field()).toList();
  }

  private static Map<String, Integer> fields(List<Conflict> conflicts) {
    Map<String, Integer> byField = new TreeMap<>();
    conflicts.forEach(c -> byField.merge(c.field(), 1, Integer::sum));
    return byField;
  }
}
