package dev.syncmesh.sync;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.syncmesh.protocol.model.InvalidInputException;
import java.util.Locale;

/**
 * Which way a remote's sessions go: both ({@code two-way}, the default), only from it ({@code
 * pull-only}: a sync is a pull, a push is refused) or only to it ({@code push-only}: a sync is a
 * push, a pull is refused). A fetch is allowed in every mode: it changes nothing but the tracking
 * head.
 */
public enum RemoteMode {
  TWO_WAY,
  PULL_ONLY,
  PUSH_ONLY;

  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static RemoteMode parse(String text) {
    for (RemoteMode mode : values()) {
      if (mode.jsonName().equals(text)) {
        return mode;
      }
    }
    throw new InvalidInputException(
        "invalid-remote",
        "mode '" + text + "' is not one of two-way, pull-only, push-only");
  }

  /**
   * The session a request of {@code asked} becomes with this remote, or null when the mode
   * refuses it.
   */
  public SessionKind session(SessionKind asked) {
    return switch (asked) {
      case FETCH -> SessionKind.FETCH;
      case SYNC -> this == PULL_ONLY ? SessionKind.PULL : this == PUSH_ONLY ? SessionKind.PUSH : SessionKind.SYNC;
      case PULL -> this == PUSH_ONLY ? null : SessionKind.PULL;
      case PUSH -> this == PULL_ONLY ? null : SessionKind.PUSH;
    };
  }
}
