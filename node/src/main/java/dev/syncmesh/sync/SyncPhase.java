package dev.syncmesh.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The phases of a session, in the order they run. */
public enum SyncPhase {
  FETCH,
  MERGE,
  RESOLVE,
  PUSH;

  /** The phase's name in JSON, in actor names and in {@code SYNCMESH_CHAOS_PHASE_DELAY}. */
  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
