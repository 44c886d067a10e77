package dev.syncmesh.merge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A peer's merge rules, by collection and field: {@code {"issues": {"updated_at": "max",
 * "labels": "union", "*": "manual"}}}. They settle conflicting fields before any strategy does.
 * A collection's {@code "*"} is the rule of its fields without one of their own, or, when it is
 * {@code lww:<field>}, makes the collection's records last-writer-wins as wholes (fields with a
 * rule of their own still merge by it). The collection {@code "*"} holds rules for every
 * collection; a collection's own rules override its fields one by one. Checked when built (400
 * {@code invalid-merge-rules}), so stored rules are always valid.
 */
public record MergeRules(@JsonValue Map<String, Map<String, String>> text)
    implements CborSerializable {
  public static final String ANY = "*";
  public static final String PROBLEM = "invalid-merge-rules";
  public static final MergeRules NONE = new MergeRules(Map.of());
  public static final int MAX_COLLECTIONS = 256;
  public static final int MAX_FIELDS = 256;
  public static final int MAX_FIELD_NAME = 256;

  /** Checks every rule and keeps collections and fields in order. */
  public MergeRules {
    Objects.requireNonNull(text, "text");
    if (text.size() > MAX_COLLECTIONS) {
      throw invalid("at most " + MAX_COLLECTIONS + " collections may have rules");
    }
    Map<String, Map<String, String>> sorted = new TreeMap<>();
    text.forEach(
        (collection, fields) -> {
          checkCollection(collection);
          if (fields == null || fields.size() > MAX_FIELDS) {
            throw invalid(
                "the rules of collection '"
                    + collection
                    + "' must be an object of at most "
                    + MAX_FIELDS
                    + " fields");
          }
          Map<String, String> fieldText = new TreeMap<>();
          fields.forEach(
              (field, rule) -> {
                parse(rule, collection, checkField(field, collection));
                fieldText.put(field, rule);
              });
          if (!fieldText.isEmpty()) {
            sorted.put(collection, Collections.unmodifiableMap(fieldText));
          }
        });
    text = Collections.unmodifiableMap(sorted);
  }

  /** Checks and builds rules from their JSON form (a map of collections to maps of fields). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static MergeRules of(Map<String, Map<String, String>> rules) {
    return rules == null || rules.isEmpty() ? NONE : new MergeRules(rules);
  }

  /**
   * Reads rules as a request gives them: an object of collections, each an object of fields to
   * rule names. Anything else is {@code invalid-merge-rules}, naming what is wrong.
   */
  public static MergeRules fromJson(JsonNode json) {
    if (json == null || json.isNull()) {
      return NONE;
    }
    if (!json.isObject()) {
      throw invalid("the rules must be an object of collections, such as {\"issues\": {\"labels\": \"union\"}}");
    }
    if (json.size() > MAX_COLLECTIONS) {
      throw invalid("at most " + MAX_COLLECTIONS + " collections may have rules");
    }
    Map<String, Map<String, String>> given = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> collection : json.properties()) {
      JsonNode fields = collection.getValue();
      String name = checkCollection(collection.getKey());
      if (!fields.isObject() || fields.size() > MAX_FIELDS) {
        throw invalid(
            "the rules of collection '"
                + name
                + "' must be an object of at most "
                + MAX_FIELDS
                + " fields, each naming a rule");
      }
      Map<String, String> rules = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : fields.properties()) {
        if (!field.getValue().isTextual()) {
          throw invalid(
              "the rule of "
                  + name
                  + "."
                  + quote(checkField(field.getKey(), name))
                  + " must be a string: ours, theirs, manual, max, min, union or lww:<field>");
        }
        rules.put(field.getKey(), field.getValue().textValue());
      }
      given.put(name, rules);
    }
    return of(given);
  }

  public boolean isEmpty() {
    return text.isEmpty();
  }

  /** Whether some field is left to a person whatever the strategy. */
  public boolean hasManual() {
    return text.values().stream().anyMatch(fields -> fields.containsValue("manual"));
  }

  /** The rules that apply to {@code collection}'s records. */
  public ForCollection forCollection(String collection) {
    Map<String, String> own = text.get(collection);
    Map<String, String> any = text.get(ANY);
    if (own == null && any == null) {
      return ForCollection.NONE;
    }
    Map<String, MergeRule> all = new TreeMap<>();
    if (any != null) any.forEach((field, rule) -> all.put(field, MergeRule.parse(rule)));
    if (own != null) own.forEach((field, rule) -> all.put(field, MergeRule.parse(rule)));
    return new ForCollection(all);
  }

  /** {@code overrides}' rules over these, field by field (a remote's rules over its peer's). */
  public MergeRules overriddenBy(MergeRules overrides) {
    if (overrides == null || overrides.isEmpty()) return this;
    if (isEmpty()) return overrides;
    Map<String, Map<String, String>> all = new TreeMap<>();
    text.forEach((collection, fields) -> all.put(collection, new TreeMap<>(fields)));
    overrides.text.forEach(
        (collection, fields) -> all.computeIfAbsent(collection, c -> new TreeMap<>()).putAll(fields));
    return new MergeRules(all);
  }

  /** One collection's rules: by field, and its {@code "*"}. */
  public static final class ForCollection {
    static final ForCollection NONE = new ForCollection(Map.of());

    private final Map<String, MergeRule> fields;
    private final MergeRule any;

    private ForCollection(Map<String, MergeRule> fields) {
      this.fields = fields;
      this.any = fields.get(ANY);
    }

    /** The rule for a field, or null: its own, else the collection's {@code "*"} (unless lww). */
    public MergeRule field(String field) {
      MergeRule own = fields.get(field);
      if (own != null) return own;
      return any instanceof MergeRule.Lww ? null : any;
    }

    /** The rule for a record deleted on one side and changed on the other, or null. */
    public MergeRule record() {
      return any;
    }

    /** The whole-record rule, or null. */
    public MergeRule.Lww wholeRecord() {
      return any instanceof MergeRule.Lww lww ? lww : null;
    }

    public boolean isEmpty() {
      return fields.isEmpty();
    }
  }

  private static String checkCollection(String collection) {
    if (ANY.equals(collection)) return collection;
    try {
      return RecordKey.requireCollection(collection);
    } catch (InvalidInputException e) {
      throw invalid(e.getMessage() + " (or \"*\" for every collection)");
    }
  }

  private static String checkField(String field, String collection) {
    if (field == null || field.isEmpty() || field.length() > MAX_FIELD_NAME) {
      throw invalid(
          "a field of collection '"
              + collection
              + "' is empty or longer than "
              + MAX_FIELD_NAME
              + " characters");
    }
    return field;
  }

  private static MergeRule parse(String text, String collection, String field) {
    MergeRule rule = text == null ? null : MergeRule.parse(text);
    if (rule == null
        || (rule instanceof MergeRule.Lww lww
            && (ANY.equals(lww.field()) || lww.field().length() > MAX_FIELD_NAME))) {
      throw invalid(
          "the rule of "
              + collection
              + "."
              + quote(field)
              + " is "
              + (text == null ? "missing" : quote(text))
              + ": use ours, theirs, manual, max, min, union or lww:<field>");
    }
    return rule;
  }

  private static String quote(String text) {
    return "'" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(PROBLEM, message);
  }
}
