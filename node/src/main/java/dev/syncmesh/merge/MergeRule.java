package dev.syncmesh.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.model.CanonicalJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a field settles when both sides changed it differently: a pure function of the three
 * versions (and, for {@link Lww}, of the two records). A rule that cannot decide (values of a
 * kind it does not compare, a field removed on one side) leaves the field a conflict, as if there
 * were no rule. Every rule keeps the merge laws: a side equal to the base gives the other side,
 * equal sides give that value; {@link Max}, {@link Min}, {@link Union} and {@link Lww} also give
 * the same whichever side is "ours".
 */
public sealed interface MergeRule {

  /** The merged value; {@code null} inputs are absent fields, as is a {@link Settled} of null. */
  default Optional<Settled> merge(
      JsonNode base, JsonNode ours, JsonNode theirs, ObjectNode ourRecord, ObjectNode theirRecord) {
    if (FieldMerge.same(ours, theirs) || FieldMerge.same(base, theirs)) {
      return Optional.of(new Settled(ours));
    }
    if (FieldMerge.same(base, ours)) {
      return Optional.of(new Settled(theirs));
    }
    return decide(base, ours, theirs, ourRecord, theirRecord);
  }

  /** The value of a real conflict (both sides changed, differently), or empty: undecided. */
  Optional<Settled> decide(
      JsonNode base, JsonNode ours, JsonNode theirs, ObjectNode ourRecord, ObjectNode theirRecord);

  /** The rule as written in a peer's merge rules. */
  String text();

  /** A decided value; {@code value} null is absent (the field removed, the record deleted). */
  record Settled(JsonNode value) {}

  /** Parses one rule: {@code ours}, {@code theirs}, {@code manual}, {@code max}, {@code min},
   * {@code union} or {@code lww:<field>}; null for text that names no rule. */
  static MergeRule parse(String text) {
    return switch (text) {
      case "ours" -> Ours.INSTANCE;
      case "theirs" -> Theirs.INSTANCE;
      case "manual" -> Manual.INSTANCE;
      case "max" -> Max.INSTANCE;
      case "min" -> Min.INSTANCE;
      case "union" -> Union.INSTANCE;
      default ->
          text.startsWith(Lww.PREFIX) && text.length() > Lww.PREFIX.length()
              ? new Lww(text.substring(Lww.PREFIX.length()))
              : null;
    };
  }

  /** Our side. */
  enum Ours implements MergeRule {
    INSTANCE;

    @Override
    public Optional<Settled> decide(
        JsonNode base, JsonNode ours, JsonNode theirs, ObjectNode ourRecord, ObjectNode theirRecord) {
      return Optional.of(new Settled(ours));
    }

    @Override
    public String text() {
      return "ours";
    }
  }

  /** Their side. */
  enum Theirs implements MergeRule {
    INSTANCE;

    @Override
    public Optional<Settled> decide(
        JsonNode base, JsonNode ours, JsonNode theirs, ObjectNode ourRecord, ObjectNode theirRecord) {
      return Optional.of(new Settled(theirs));
    }

    @Override
    public String text() {
      return "theirs";
    }
  }

  /** A person decides, even when the sync names a strategy. */
  enum Manual implements MergeRule {
    INSTANCE;

    @Override
    public Optional<Settled> decide(
        JsonNode base, JsonNode ours, JsonNode theirs, ObjectNode ourRecord, ObjectNode theirRecord) {
      return Optional.empty();
    }

    @Override
    public String text() {
      return "manual";
    }
  }

  /** The larger of two numbers, ISO-8601 times or strings (see {@link Order}). */
  enum Max implements MergeRule {
    INSTANCE;

    @Override
    public Optional<Settled> decide(
        JsonNode base, JsonNode ours, JsonNode theirs, ObjectNode ourRecord, ObjectNode theirRecord) {
      return Order.compare(ours, theirs).map(c -> new Settled(c >= 0 ? ours : theirs));
    }

    @Override
    public String text() {
      return "max";
    }
  }

  /** The smaller of two numbers, ISO-8601 times or strings (see {@link Order}). */
  enum Min implements MergeRule {
    INSTANCE;

    @Override
    public Optional<Settled> decide(
        JsonNode base, JsonNode ours, JsonNode theirs, ObjectNode ourRecord, ObjectNode theirRecord) {
      return Order.compare(ours, theirs).map(c -> new Settled(c <= 0 ? ours : theirs));
    }

    @Override
    public String text() {
      return "min";
    }
  }

  /**
   * Arrays as sets (elements equal as canonical JSON): an element stays if neither side removed
   * it from the base, and what either side added joins. The base's elements keep the base's
   * order, then the added ones follow in the order of their canonical JSON, so both sides get
   * the same array. An absent base is an empty array; a side that is not an array (or removed
   * the field) leaves the conflict.
   */
  enum Union implements MergeRule {
    INSTANCE;

    @Override
    public Optional<Settled> decide(
        JsonNode base, JsonNode ours, JsonNode theirs, ObjectNode ourRecord, ObjectNode theirRecord) {
      if (ours == null || theirs == null || !ours.isArray() || !theirs.isArray()) {
        return Optional.empty();
      }
      Map<String, JsonNode> inBase = elements(base != null && base.isArray() ? base : null);
      Map<String, JsonNode> inOurs = elements(ours);
      Map<String, JsonNode> inTheirs = elements(theirs);
      var merged = CanonicalJson.mapper().createArrayNode();
      inBase.forEach(
          (text, element) -> {
            if (inOurs.containsKey(text) && inTheirs.containsKey(text)) {
              merged.add(element);
            }
          });
      TreeMap<String, JsonNode> added = new TreeMap<>();
      inOurs.forEach((text, element) -> added.putIfAbsent(text, element));
      inTheirs.forEach((text, element) -> added.putIfAbsent(text, element));
      added.keySet().removeAll(inBase.keySet());
      added.values().forEach(merged::add);
      return Optional.of(new Settled(merged));
    }

    private static Map<String, JsonNode> elements(JsonNode array) {
      Map<String, JsonNode> byText = new LinkedHashMap<>();
      if (array != null) {
        array.forEach(element -> byText.putIfAbsent(CanonicalJson.text(element), element));
      }
      return byText;
    }

    @Override
    public String text() {
      return "union";
    }
  }

  /**
   * Last writer wins by {@code field}: the value from the side whose record has the larger value
   * of that field (compared as {@link Max} does). As a collection's {@code "*"} rule it takes
   * the whole record from that side (see {@link MergeRules}).
   */
  record Lww(String field) implements MergeRule {
    static final String PREFIX = "lww:";

    @Override
    public Optional<Settled> decide(
        JsonNode base, JsonNode ours, JsonNode theirs, ObjectNode ourRecord, ObjectNode theirRecord) {
      return newer(ourRecord, theirRecord).map(ourSide -> new Settled(ourSide ? ours : theirs));
    }

    /** Whether our record is the newer one (true), theirs (false), or undecided. */
    Optional<Boolean> newer(ObjectNode ourRecord, ObjectNode theirRecord) {
      if (ourRecord == null || theirRecord == null) {
        return Optional.empty();
      }
      Optional<Integer> order = Order.compare(ourRecord.get(field), theirRecord.get(field));
      if (order.isEmpty()) {
        return Optional.empty();
      }
      if (order.get() != 0) {
        return Optional.of(order.get() > 0);
      }
      // Equal stamps on different records: the larger canonical record, the same from both sides.
      int tie = CanonicalJson.text(ourRecord).compareTo(CanonicalJson.text(theirRecord));
      return tie == 0 ? Optional.empty() : Optional.of(tie > 0);
    }

    @Override
    public String text() {
      return PREFIX + field;
    }
  }

  /**
   * The order of {@link Max}, {@link Min} and {@link Lww}: two numbers by value; two strings that
   * both read as ISO-8601 times (with an offset, in UTC with {@code Z}, or dates) by the instant
   * they name; other strings by their UTF-16 text. Values of different kinds, absent values and
   * objects, arrays, booleans and nulls do not compare. Values that compare equal but differ (1.0
   * and 1, the same instant in two offsets) tie-break on their canonical JSON, so the result does
   * not depend on which side is ours.
   */
  final class Order {
    private Order() {}

    static Optional<Integer> compare(JsonNode a, JsonNode b) {
      if (a == null || b == null) {
        return Optional.empty();
      }
      int order;
      if (a.isNumber() && b.isNumber()) {
        order = a.decimalValue().compareTo(b.decimalValue());
      } else if (a.isTextual() && b.isTextual()) {
        Instant x = instant(a.textValue());
        Instant y = instant(b.textValue());
        order = x != null && y != null ? x.compareTo(y) : a.textValue().compareTo(b.textValue());
      } else {
        return Optional.empty();
      }
      if (order == 0) {
        order = CanonicalJson.text(a).compareTo(CanonicalJson.text(b));
      }
      return Optional.of(Integer.signum(order));
    }

    private static Instant instant(String text) {
      if (text.length() < 10 || text.length() > 64 || !Character.isDigit(text.charAt(0))) {
        return null;
      }
      try {
        return text.length() == 10
            ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
            : OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
