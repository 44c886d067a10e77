package dev.syncmesh.peer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.syncmesh.protocol.model.InvalidInputException;
import java.util.Locale;

/**
 * A peer's autocommit policy (docs/API.md): {@code on} commits every write, {@code batch} and
 * {@code off} leave writes in the working set until an explicit commit.
 */
public enum AutocommitMode {
  ON,
  BATCH,
  OFF;

  public static final String INVALID = "invalid-mode";

  /** The name in the API and in stored events: {@code on}, {@code batch}, {@code off}. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static AutocommitMode parse(String text) {
    for (AutocommitMode mode : values()) {
      if (mode.wire().equals(text)) {
        return mode;
      }
    }
    throw new InvalidInputException(
        INVALID,
        "autocommit mode " + (text == null ? "null" : "'" + text + "'") + " is not on, batch or off");
  }

  public boolean commitsEachWrite() {
    return this == ON;
  }
}
