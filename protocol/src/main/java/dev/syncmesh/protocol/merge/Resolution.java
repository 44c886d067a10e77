package dev.syncmesh.protocol.merge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.Objects;

/**
 * A person's choice for one conflict, identified by {@code (key, field)}: our value, their value,
 * or a given value. Choices are kept apart from the merge they resolve, so that a pending merge can
 * store them and replay them onto a fresh three-way merge of the same commits.
 *
 * <p>With {@link Choice#VALUE}: for a field, {@code value} is the field's new value, and Java
 * {@code null} (left out in JSON) removes the field while a JSON {@code null} sets it to null; for
 * {@link Conflict#RECORD} it is the whole record, a JSON object, or null to delete the record.
 */
@JsonPropertyOrder({"key", "field", "choice", "value"})
public record Resolution(
    @JsonSerialize(using = ToStringSerializer.class) RecordKey key,
    String field,
    Choice choice,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode value) {

  /** Which value a person chose. */
  public enum Choice {
    OURS("ours"),
    THEIRS("theirs"),
    VALUE("value");

    private final String jsonName;

    Choice(String jsonName) {
      this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
      return jsonName;
    }

    @JsonCreator
    public static Choice parse(String name) {
      for (Choice choice : values()) {
        if (choice.jsonName.equals(name)) {
          return choice;
        }
      }
      throw new InvalidInputException(
          "invalid-resolution",
          "choice "
              + (name == null ? "(missing)" : "'" + Texts.shorten(name) + "'")
              + " is not valid: use \"ours\", \"theirs\" or \"value\"");
    }
  }

  public Resolution {
    Objects.requireNonNull(key, "key");
    if (field == null) {
      throw new InvalidInputException("invalid-resolution", "a resolution names a field");
    }
    if (choice == null) {
      throw new InvalidInputException(
          "invalid-resolution", "a resolution needs a choice: \"ours\", \"theirs\" or \"value\"");
    }
    if (choice != Choice.VALUE && value != null) {
      throw new InvalidInputException(
          "invalid-resolution", "a value is given only with the choice \"value\"");
    }
    if (choice == Choice.VALUE && Conflict.RECORD.equals(field)) {
      if (value != null && value.isNull()) {
        value = null;
      }
      if (value != null && !value.isObject()) {
        throw new InvalidInputException(
            "invalid-resolution",
            "the value chosen for a whole record (field \"*\") is a JSON object, or null to"
                + " delete the record");
      }
    }
  }

  public static Resolution ours(RecordKey key, String field) {
    return new Resolution(key, field, Choice.OURS, null);
  }

  public static Resolution theirs(RecordKey key, String field) {
    return new Resolution(key, field, Choice.THEIRS, null);
  }

  /** A given value; {@code null} removes the field, or for {@code "*"} deletes the record. */
  public static Resolution value(RecordKey key, String field, JsonNode value) {
    return new Resolution(key, field, Choice.VALUE, value);
  }

  /** The choice a strategy makes for every conflict. */
  public static Resolution byStrategy(RecordKey key, String field, MergeStrategy strategy) {
    return strategy == MergeStrategy.OURS ? ours(key, field) : theirs(key, field);
  }

  @JsonCreator
  static Resolution fromJson(
      @JsonProperty("key") String key,
      @JsonProperty("field") String field,
      @JsonProperty("choice") Choice choice,
      @JsonProperty("value") JsonNode value) {
    return new Resolution(RecordKey.parse(key), field, choice, value);
  }
}
