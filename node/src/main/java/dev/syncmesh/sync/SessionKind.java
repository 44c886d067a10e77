package dev.syncmesh.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a session does with the same phases: a {@code SYNC} fetches, merges, resolves and pushes;
 * a {@code FETCH} only moves the remote's tracking head; a {@code PULL} fetches and merges without
 * pushing; a {@code PUSH} fetches (to learn the remote's head) and pushes only a fast-forward of
 * it, never merging.
 */
public enum SessionKind {
  SYNC,
  FETCH,
  PULL,
  PUSH;

  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the session may merge, and so leave conflicts for a person. */
  public boolean merges() {
    return this == SYNC || this == PULL;
  }
}
