package dev.syncmesh.protocol.merge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.syncmesh.protocol.model.InvalidInputException;

/**
 * How a sync settles conflicting fields without a person: keep our value or take theirs, field by
 * field (for a record-level conflict, record by record). No strategy at all (Java {@code null},
 * JSON {@code null}) means conflicts wait for a person.
 */
public enum MergeStrategy {
  OURS("ours"),
  THEIRS("theirs");

  private final String jsonName;

  MergeStrategy(String jsonName) {
    this.jsonName = jsonName;
  }

  @JsonValue
  public String jsonName() {
    return jsonName;
  }

  /** Parses {@code "ours"} or {@code "theirs"}, exactly; anything else is invalid input. */
  @JsonCreator
  public static MergeStrategy parse(String name) {
    for (MergeStrategy strategy : values()) {
      if (strategy.jsonName.equals(name)) {
        return strategy;
      }
    }
    throw new InvalidInputException(
        "invalid-strategy",
        "merge strategy "
            + (name == null ? "(missing)" : "'" + Texts.shorten(name) + "'")
            + " is not valid: use \"ours\" or \"theirs\", or no strategy to resolve conflicts by"
            + " hand");
  }

  /** Like {@link #parse}, but a missing name means no strategy and gives {@code null}. */
  public static MergeStrategy parseOrNull(String name) {
    return name == null ? null : parse(name);
  }

  /** The strategy seen from the other side of the merge. */
  public MergeStrategy opposite() {
    return this == OURS ? THEIRS : OURS;
  }
}
