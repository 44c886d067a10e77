package dev.syncmesh.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.merge.Resolution;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The three-way merge of one record, field by field (a field is a top-level property). Stateless.
 *
 * <ul>
 *   <li>Both sides end the same (including both deleted): that, no conflict.
 *   <li>One side unchanged since the base: the other side.
 *   <li>One side deleted, the other modified: one record-level conflict, field {@code "*"}.
 *   <li>Otherwise (an absent base counts as an empty record for add/add), per field: the same on
 *       both sides, or changed on one side only (removal included), merges; changed differently
 *       on both sides conflicts.
 * </ul>
 *
 * Values are compared by canonical JSON, so {@code 1.0} equals {@code 1}. Merged records share
 * field values with the inputs; nobody may modify either.
 */
public final class FieldMerge {

  /**
   * Merges with a strategy, which settles every conflict its way, or without ({@code null}): then
   * every conflict stays unresolved and the tentative value keeps ours.
   */
  public RecordMerge merge(
      Optional<ObjectNode> base,
      Optional<ObjectNode> ours,
      Optional<ObjectNode> theirs,
      RecordKey key,
      MergeStrategy strategyOrNull) {
    return merge(base, ours, theirs, key, MergeRules.NONE, strategyOrNull);
  }

  /**
   * Merges with the collection's rules first (a field a rule settles is no conflict), then the
   * strategy for the conflicts left, except those whose rule is {@code manual}.
   */
  public RecordMerge merge(
      Optional<ObjectNode> base,
      Optional<ObjectNode> ours,
      Optional<ObjectNode> theirs,
      RecordKey key,
      MergeRules rules,
      MergeStrategy strategyOrNull) {
    Decide decide =
        strategyOrNull == null
            ? (conflict, manual) -> null
            : (conflict, manual) ->
                manual ? null : Resolution.byStrategy(key, conflict.field(), strategyOrNull);
    return run(base, ours, theirs, key, rules.forCollection(key.collection()), decide);
  }

  /** Merges again with a person's choices, without rules. */
  public RecordMerge resolve(
      Optional<ObjectNode> base,
      Optional<ObjectNode> ours,
      Optional<ObjectNode> theirs,
      RecordKey key,
      Collection<Resolution> choices) {
    return resolve(base, ours, theirs, key, MergeRules.NONE, null, choices);
  }

  /**
   * Merges again and applies a person's choices to the conflicts they name; conflicts without a
   * choice stay unresolved (keeping ours), and choices that match no conflict are ignored (check
   * choices against {@link RecordMerge#conflicts()} when accepting them). The merge is
   * deterministic, so replaying the choices kept with a pending merge onto a fresh merge of the
   * same three versions, with the same rules and strategy, gives the same result. The strategy
   * (null for none) settles the conflicts that have no choice and no {@code manual} rule.
   */
  public RecordMerge resolve(
      Optional<ObjectNode> base,
      Optional<ObjectNode> ours,
      Optional<ObjectNode> theirs,
      RecordKey key,
      MergeRules rules,
      MergeStrategy strategyOrNull,
      Collection<Resolution> choices) {
    Map<String, Resolution> byField = new HashMap<>();
    for (Resolution choice : choices) {
      if (choice.key().equals(key) && byField.put(choice.field(), choice) != null) {
        throw new IllegalArgumentException(
            "two choices for field '" + choice.field() + "' of " + key);
      }
    }
    return run(
        base,
        ours,
        theirs,
        key,
        rules.forCollection(key.collection()),
        (conflict, manual) -> {
          Resolution chosen = byField.get(conflict.field());
          if (chosen != null || manual || strategyOrNull == null) {
            return chosen;
          }
          return Resolution.byStrategy(key, conflict.field(), strategyOrNull);
        });
  }

  /** What settles a conflict ({@code manual}: its rule leaves it to a person), or null. */
  @FunctionalInterface
  private interface Decide {
    Resolution apply(Conflict conflict, boolean manual);
  }

  private RecordMerge run(
      Optional<ObjectNode> base,
      Optional<ObjectNode> ours,
      Optional<ObjectNode> theirs,
      RecordKey key,
      MergeRules.ForCollection rules,
      Decide decide) {
    if (same(ours, theirs) || same(base, theirs)) {
      return RecordMerge.clean(key, ours);
    }
    if (same(base, ours)) {
      return RecordMerge.clean(key, theirs);
    }
    if (ours.isEmpty() || theirs.isEmpty()) {
      return deletedOnOneSide(base, ours, theirs, key, rules.record(), decide);
    }
    return mergeFields(base.orElse(null), ours.get(), theirs.get(), key, rules, decide);
  }

  private RecordMerge deletedOnOneSide(
      Optional<ObjectNode> base,
      Optional<ObjectNode> ours,
      Optional<ObjectNode> theirs,
      RecordKey key,
      MergeRule rule,
      Decide decide) {
    if (rule != null) {
      Optional<MergeRule.Settled> settled =
          rule.decide(
              base.orElse(null), ours.orElse(null), theirs.orElse(null), ours.orElse(null),
              theirs.orElse(null));
      if (settled.isPresent()) {
        return new RecordMerge(
            key, Optional.ofNullable((ObjectNode) settled.get().value()), List.of(), List.of(), 1);
      }
    }
    Conflict conflict =
        Conflict.ofRecord(key, base.orElse(null), ours.orElse(null), theirs.orElse(null));
    Resolution choice = decide.apply(conflict, rule instanceof MergeRule.Manual);
    Optional<ObjectNode> value =
        choice == null ? ours : Optional.ofNullable((ObjectNode) chosen(conflict, choice));
    return new RecordMerge(
        key, value, List.of(conflict), choice == null ? List.of(conflict) : List.of(), 0);
  }

  private RecordMerge mergeFields(
      ObjectNode base,
      ObjectNode ours,
      ObjectNode theirs,
      RecordKey key,
      MergeRules.ForCollection rules,
      Decide decide) {
    SortedSet<String> fields = new TreeSet<>();
    if (base != null) base.fieldNames().forEachRemaining(fields::add);
    ours.fieldNames().forEachRemaining(fields::add);
    theirs.fieldNames().forEachRemaining(fields::add);
    MergeRule.Lww wholeRecord = rules.wholeRecord();
    Boolean oursNewer = wholeRecord == null ? null : wholeRecord.newer(ours, theirs).orElse(null);

    ObjectNode merged = CanonicalJson.mapper().createObjectNode();
    List<Conflict> conflicts = new ArrayList<>();
    List<Conflict> unresolved = new ArrayList<>();
    int ruled = 0;
    for (String field : fields) {
      JsonNode b = base == null ? null : base.get(field);
      JsonNode o = ours.get(field);
      JsonNode t = theirs.get(field);
      boolean conflicting = !(same(o, t) || same(b, t) || same(b, o));
      MergeRule rule = rules.field(field);
      Optional<MergeRule.Settled> settled =
          rule == null || !conflicting ? Optional.empty() : rule.decide(b, o, t, ours, theirs);
      JsonNode value;
      if (rule == null && oursNewer != null) {
        value = oursNewer ? o : t; // the whole record from the newer side
        ruled += conflicting ? 1 : 0;
      } else if (!conflicting) {
        value = same(b, o) ? t : o;
      } else if (settled.isPresent()) {
        value = settled.get().value();
        ruled++;
      } else {
        Conflict conflict = new Conflict(key, field, b, o, t);
        conflicts.add(conflict);
        Resolution choice = decide.apply(conflict, rule instanceof MergeRule.Manual);
        if (choice == null) {
          unresolved.add(conflict);
          value = o;
        } else {
          value = chosen(conflict, choice);
        }
      }
      if (value != null) {
        merged.set(field, value);
      }
    }
    return new RecordMerge(key, Optional.of(merged), conflicts, unresolved, ruled);
  }

  /** The value a choice picks; {@code null} is absent (field removed, record deleted). */
  private static JsonNode chosen(Conflict conflict, Resolution choice) {
    return switch (choice.choice()) {
      case OURS -> conflict.ours();
      case THEIRS -> conflict.theirs();
      case VALUE -> choice.value();
    };
  }

  private static boolean same(Optional<ObjectNode> a, Optional<ObjectNode> b) {
    return same(a.orElse(null), b.orElse(null));
  }

  /** Equal canonical JSON; {@code null} (absent) equals only itself. */
  static boolean same(JsonNode a, JsonNode b) {
    if (a == b) return true;
    if (a == null || b == null) return false;
    return a.equals(b) || CanonicalJson.text(a).equals(CanonicalJson.text(b));
  }
}
