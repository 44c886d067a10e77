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
import dev.syncmesh.protocol.testing.Gen;
import dev.syncmesh.protocol.testing.Seeds;
import dev.syncmesh.testing.Cases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FieldMergePropertyTest {
  private static final RecordKey KEY = new RecordKey("tasks", "t-7");
  private static final FieldMerge MERGE = new FieldMerge();
  private static final List<String> FIELDS = List.of("a", "b", "c", "d");
  private static final List<MergeStrategy> STRATEGIES =
      Arrays.asList(null, MergeStrategy.OURS, MergeStrategy.THEIRS);
  private static final List<String> EDITED = List.of("a", "b", "c", "d", "e", "f");
  /** Few values, so that sides often agree; 1.0 is the same number as 1. */
  private static final List<String> VALUES =
      List.of("1", "2", "1.0", "'x'", "null", "true", "[1]", "{k:1}", "{k:2}");

  /** Absent one time in six, else up to four of the fields. */
  private static Optional<ObjectNode> record(Gen gen) {
    if (gen.oneIn(6)) {
      return Optional.empty();
    }
    Map<String, JsonNode> fields = new HashMap<>();
    for (String field : some(gen, FIELDS)) {
      fields.put(field, value(gen));
    }
    return Optional.of(object(fields));
  }

  /** Up to four different names, in random order. */
  private static List<String> some(Gen gen, List<String> names) {
    List<String> shuffled = new ArrayList<>(names);
    Collections.shuffle(shuffled, gen);
    return shuffled.subList(0, gen.size(4));
  }

  private static JsonNode value(Gen gen) {
    return Json.node(gen.pick(VALUES));
  }

  /** Edits of up to four fields, two of them unknown to records: a value, or empty to remove. */
  private static Map<String, Optional<JsonNode>> edits(Gen gen) {
    Map<String, Optional<JsonNode>> edits = new HashMap<>();
    for (String field : some(gen, EDITED)) {
      edits.put(field, gen.oneIn(5) ? Optional.empty() : Optional.of(value(gen)));
    }
    return edits;
  }

  /** No strategy a third of the time. */
  private static MergeStrategy strategy(Gen gen) {
    return gen.nextInt(100) < 34 ? null : gen.pick(MergeStrategy.values());
  }

  @Seeds(1000)
  void whenOursIsTheBaseTheResultIsTheirs(Gen gen) {
    checkOursIsTheBase(record(gen), record(gen), strategy(gen));
  }

  private static void checkOursIsTheBase(
      Optional<ObjectNode> base, Optional<ObjectNode> theirs, MergeStrategy strategy) {
    RecordMerge result = MERGE.merge(base, base, theirs, KEY, strategy);
    assertThat(show(result.value())).isEqualTo(show(theirs));
    assertThat(result.conflicts()).isEmpty();
  }

  @Seeds(1000)
  void whenTheirsIsTheBaseTheResultIsOurs(Gen gen) {
    checkTheirsIsTheBase(record(gen), record(gen), strategy(gen));
  }

  private static void checkTheirsIsTheBase(
      Optional<ObjectNode> base, Optional<ObjectNode> ours, MergeStrategy strategy) {
    RecordMerge result = MERGE.merge(base, ours, base, KEY, strategy);
    assertThat(show(result.value())).isEqualTo(show(ours));
    assertThat(result.conflicts()).isEmpty();
  }

  @Seeds(1000)
  void disjointFieldChangesMergeWithoutConflictWhateverTheStrategy(Gen gen) {
    checkDisjointChanges(record(gen), edits(gen), edits(gen));
  }

  private static void checkDisjointChanges(
      Optional<ObjectNode> base,
      Map<String, Optional<JsonNode>> ourEdits,
      Map<String, Optional<JsonNode>> theirEdits) {
    Map<String, Optional<JsonNode>> theirsOnly = new HashMap<>(theirEdits);
    theirsOnly.keySet().removeAll(ourEdits.keySet());
    ObjectNode start = base.orElseGet(() -> CanonicalJson.mapper().createObjectNode());
    Optional<ObjectNode> ours = Optional.of(apply(start, ourEdits));
    Optional<ObjectNode> theirs = Optional.of(apply(start, theirsOnly));
    String expected = show(apply(apply(start, ourEdits), theirsOnly));
    for (MergeStrategy strategy : STRATEGIES) {
      RecordMerge result = MERGE.merge(base, ours, theirs, KEY, strategy);
      assertThat(result.conflicts()).isEmpty();
      assertThat(result.status()).isEqualTo(RecordMerge.Status.CLEAN);
      assertThat(show(result.value())).isEqualTo(expected);
    }
  }

  @Seeds(1000)
  void swappingSidesSwapsTheStrategy(Gen gen) {
    checkSwappingSides(record(gen), record(gen), record(gen));
  }

  private static void checkSwappingSides(
      Optional<ObjectNode> base, Optional<ObjectNode> ours, Optional<ObjectNode> theirs) {
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

  @Seeds(1000)
  void withoutAStrategyEverythingConflictingWaitsAndOursIsKept(Gen gen) {
    checkWithoutAStrategy(record(gen), record(gen), record(gen));
  }

  private static void checkWithoutAStrategy(
      Optional<ObjectNode> base, Optional<ObjectNode> ours, Optional<ObjectNode> theirs) {
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

  /** Every property on all records of at most field {@code a}; edits of {@code a} and {@code e}. */
  @Test
  void everyPropertyHoldsForRecordsOfOneField() {
    List<Optional<ObjectNode>> records = new ArrayList<>();
    records.add(Optional.empty());
    records.add(Optional.of(object(Map.of())));
    VALUES.forEach(v -> records.add(Optional.of(object(Map.of("a", Json.node(v))))));
    for (Optional<ObjectNode> base : records) {
      for (Optional<ObjectNode> ours : records) {
        for (MergeStrategy strategy : STRATEGIES) {
          Cases.check(
              show(base) + " " + show(ours) + " " + strategy,
              () -> {
                checkOursIsTheBase(base, ours, strategy);
                checkTheirsIsTheBase(base, ours, strategy);
              });
        }
        for (Optional<ObjectNode> theirs : records) {
          Cases.check(
              show(base) + " " + show(ours) + " " + show(theirs),
              () -> {
                checkSwappingSides(base, ours, theirs);
                checkWithoutAStrategy(base, ours, theirs);
              });
        }
      }
    }
    List<Optional<JsonNode>> edits =
        Arrays.asList(
            null, Optional.empty(), Optional.of(Json.node("1")), Optional.of(Json.node("'x'")));
    List<Map<String, Optional<JsonNode>>> editMaps = new ArrayList<>();
    for (Optional<JsonNode> a : edits) {
      for (Optional<JsonNode> e : edits) {
        Map<String, Optional<JsonNode>> map = new HashMap<>();
        if (a != null) map.put("a", a);
        if (e != null) map.put("e", e);
        editMaps.add(map);
      }
    }
    for (Optional<ObjectNode> base : records) {
      for (Map<String, Optional<JsonNode>> ourEdits : editMaps) {
        for (Map<String, Optional<JsonNode>> theirEdits : editMaps) {
          Cases.check(
              show(base) + " " + ourEdits + " " + theirEdits,
              () -> checkDisjointChanges(base, ourEdits, theirEdits));
        }
      }
    }
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
