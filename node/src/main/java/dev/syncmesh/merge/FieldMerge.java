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
import java.util.function.Function;

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
    Function<Conflict, Resolution> decide =
        strategyOrNull == null
            ? conflict -> null
            : conflict -> Resolution.byStrategy(key, conflict.field(), strategyOrNull);
    return run(base, ours, theirs, key, decide);
  }

  /**
   * Merges again and applies a person's choices to the conflicts they name; conflicts without a
   * choice stay unresolved (keeping ours), and choices that match no conflict are ignored (check
   * choices against {@link RecordMerge#conflicts()} when accepting them). The merge is
   * deterministic, so replaying the choices kept with a pending merge onto a fresh merge of the
   * same three versions gives the same result.
   */
  public RecordMerge resolve(
      Optional<ObjectNode> base,
      Optional<ObjectNode> ours,
      Optional<ObjectNode> theirs,
      RecordKey key,
      Collection<Resolution> choices) {
    Map<String, Resolution> byField = new HashMap<>();
    for (Resolution choice : choices) {
      if (choice.key().equals(key) && byField.put(choice.field(), choice) != null) {
        throw new IllegalArgumentException(
            "two choices for field '" + choice.field() + "' of " + key);
      }
    }
    return run(base, ours, theirs, key, conflict -> byField.get(conflict.field()));
  }

  private RecordMerge run(
      Optional<ObjectNode> base,
      Optional<ObjectNode> ours,
      Optional<ObjectNode> theirs,
      RecordKey key,
      Function<Conflict, Resolution> decide) {
    if (same(ours, theirs) || same(base, theirs)) {
      return RecordMerge.clean(key, ours);
    }
    if (same(base, ours)) {
      return RecordMerge.clean(key, theirs);
    }
    if (ours.isEmpty() || theirs.isEmpty()) {
      Conflict conflict =
          Conflict.ofRecord(key, base.orElse(null), ours.orElse(null), theirs.orElse(null));
      Resolution choice = decide.apply(conflict);
      Optional<ObjectNode> value =
          choice == null ? ours : Optional.ofNullable((ObjectNode) chosen(conflict, choice));
      return new RecordMerge(
          key, value, List.of(conflict), choice == null ? List.of(conflict) : List.of());
    }
    return mergeFields(base.orElse(null), ours.get(), theirs.get(), key, decide);
  }

  private RecordMerge mergeFields(
      ObjectNode base,
      ObjectNode ours,
      ObjectNode theirs,
      RecordKey key,
      Function<Conflict, Resolution> decide) {
    SortedSet<String> fields = new TreeSet<>();
    if (base != null) base.fieldNames().forEachRemaining(fields::add);
    ours.fieldNames().forEachRemaining(fields::add);
    theirs.fieldNames().forEachRemaining(fields::add);

    ObjectNode merged = CanonicalJson.mapper().createObjectNode();
    List<Conflict> conflicts = new ArrayList<>();
    List<Conflict> unresolved = new ArrayList<>();
    for (String field : fields) {
      JsonNode b = base == null ? null : base.get(field);
      JsonNode o = ours.get(field);
      JsonNode t = theirs.get(field);
      JsonNode value;
      if (same(o, t) || same(b, t)) {
        value = o;
      } else if (same(b, o)) {
        value = t;
      } else {
        Conflict conflict = new Conflict(key, field, b, o, t);
        conflicts.add(conflict);
        Resolution choice = decide.apply(conflict);
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
    return new RecordMerge(key, Optional.of(merged), conflicts, unresolved);
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
