package dev.syncmesh.merge;

import static dev.syncmesh.merge.Json.show;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class FieldMergePropertyTest {
  private static final RecordKey KEY = new RecordKey("tasks", "t-7");
  private static final FieldMerge MERGE = new FieldMerge();
  private static final List<String> FIELDS = List.of("a", "b", "c", "d");
  /** Few values, so that sides often agree; 1.0 is the same number as 1. */
  private static final List<String> VALUES =
      List.of("1", "2", "1.0", "'x'", "null", "true", "[1]", "{k:1}", "{k:2}");

  @Provide
  Arbitrary<JsonNode> values() {
    return Arbitraries.of(VALUES).map(Json::node);
  }

  @Provide
  Arbitrary<Optional<ObjectNode>> records() {
    Arbitrary<Optional<ObjectNode>> present =
        Arbitraries.maps(Arbitraries.of(FIELDS), values())
            .ofMaxSize(FIELDS.size())
            .map(fields -> Optional.of(object(fields)));
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(Optional.<ObjectNode>empty())),
        Tuple.of(5, present));
  }

  /** Edits of some fields: a value, or empty to remove the field. */
  @Provide
  Arbitrary<Map<String, Optional<JsonNode>>> edits() {
    return Arbitraries.maps(
            Arbitraries.of("a", "b", "c", "d", "e", "f"),
            Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Optional.<JsonNode>empty())),
                Tuple.of(4, values().map(Optional::of))))
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<MergeStrategy> strategies() {
    return Arbitraries.of(MergeStrategy.values()).injectNull(0.34);
  }

  @Property
  void whenOursIsTheBaseTheResultIsTheirs(
      @ForAll("records") Optional<ObjectNode> base,
      @ForAll("records") Optional<ObjectNode> theirs,
      @ForAll("strategies") MergeStrategy strategy) {
    RecordMerge result = MERGE.merge(base, base, theirs, KEY, strategy);
    assertThat(show(result.value())).isEqualTo(show(theirs));
    assertThat(result.conflicts()).isEmpty();
  }

  @Property
  void whenTheirsIsTheBaseTheResultIsOurs(
      @ForAll("records") Optional<ObjectNode> base,
      @ForAll("records") Optional<ObjectNode> ours,
      @ForAll("strategies") MergeStrategy strategy) {
    RecordMerge result = MERGE.merge(base, ours, base, KEY, strategy);
    assertThat(show(result.value())).isEqualTo(show(ours));
    assertThat(result.conflicts()).isEmpty();
  }

  @Property
  void disjointFieldChangesMergeWithoutConflictWhateverTheStrategy(
      @ForAll("records") Optional<ObjectNode> base,
      @ForAll("edits") Map<String, Optional<JsonNode>> ourEdits,
      @ForAll("edits") Map<String, Optional<JsonNode>> theirEdits) {
    Map<String, Optional<JsonNode>> theirsOnly = new HashMap<>(theirEdits);
    theirsOnly.keySet().removeAll(ourEdits.keySet());
    ObjectNode start = base.orElseGet(() -> CanonicalJson.mapper().createObjectNode());
    Optional<ObjectNode> ours = Optional.of(apply(start, ourEdits));
    Optional<ObjectNode> theirs = Optional.of(apply(start, theirsOnly));
    String expected = show(apply(apply(start, ourEdits), theirsOnly));
    for (MergeStrategy strategy : Arrays.asList(null, MergeStrategy.OURS, MergeStrategy.THEIRS)) {
      RecordMerge result = MERGE.merge(base, ours, theirs, KEY, strategy);
      assertThat(result.conflicts()).isEmpty();
      assertThat(result.status()).isEqualTo(RecordMerge.Status.CLEAN);
      assertThat(show(result.value())).isEqualTo(expected);
    }
  }

  @Property
  void swappingSidesSwapsTheStrategy(
      @ForAll("records") Optional<ObjectNode> base,
      @ForAll("records") Optional<ObjectNode> ours,
      @ForAll("records") Optional<ObjectNode> theirs) {
    for (MergeStrategy strategy : MergeStrategy.values()) {
      RecordMerge straight = MERGE.merge(base, ours, theirs, KEY, strategy);
      RecordMerge swapped = MERGE.merge(base, theirs, ours, KEY, strategy.opposite());
      assertThat(show(swapped.value())).isEqualTo(show(straight.value()));
      assertThat(swapped.conflicts()).hasSameSizeAs(straight.conflicts());
      for (int i = 0; i < straight.conflicts().size(); i++) {
        Conflict s = straight.conflicts().get(i);
        Conflict w = swapped.conflicts().get(i);
        assertThat(w.field()).isEqualTo(s.field());
        assertThat(show(w.ours())).isEqualTo(show(s.theirs()));
        assertThat(show(w.theirs())).isEqualTo(show(s.ours()));
      }
    }
  }

  @Property
  void withoutAStrategyEverythingConflictingWaitsAndOursIsKept(
      @ForAll("records") Optional<ObjectNode> base,
      @ForAll("records") Optional<ObjectNode> ours,
      @ForAll("records") Optional<ObjectNode> theirs) {
    RecordMerge open = MERGE.merge(base, ours, theirs, KEY, null);
    RecordMerge keepOurs = MERGE.merge(base, ours, theirs, KEY, MergeStrategy.OURS);
    assertThat(show(open.value())).isEqualTo(show(keepOurs.value()));
    assertThat(open.conflicts()).isEqualTo(keepOurs.conflicts()).isEqualTo(open.unresolved());
    assertThat(keepOurs.unresolved()).isEmpty();
    for (Conflict c : open.conflicts()) { // a conflict is a real three-way disagreement
      assertThat(show(c.ours())).isNotEqualTo(show(c.theirs()));
      assertThat(show(c.base())).isNotIn(show(c.ours()), show(c.theirs()));
    }
    List<Resolution> theirChoices =
        open.conflicts().stream().map(c -> Resolution.theirs(KEY, c.field())).toList();
    assertThat(show(MERGE.resolve(base, ours, theirs, KEY, theirChoices).value()))
        .isEqualTo(show(MERGE.merge(base, ours, theirs, KEY, MergeStrategy.THEIRS).value()));
  }

  private static ObjectNode object(Map<String, JsonNode> fields) {
    ObjectNode node = CanonicalJson.mapper().createObjectNode();
    fields.forEach(node::set);
    return node;
  }

  private static ObjectNode apply(ObjectNode start, Map<String, Optional<JsonNode>> edits) {
    ObjectNode node = start.deepCopy();
    edits.forEach((field, value) -> {
      if (value.isPresent()) node.set(field, value.get());
      else node.remove(field);
    });
    return node;
  }
}
