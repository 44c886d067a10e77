package dev.syncmesh.federation;

/** Why a pack was refused, as data: a kind to act on and a message for people. */
public record PackFailure(Kind kind, String message) {

  public enum Kind {
    /**
     * Not a pack of a known version, an unknown frame, frames out of place, counts that disagree.
     */
    MALFORMED,
    /** The stream ended before the end frame: retry, asking only for the rest. */
    TRUNCATED,
    /** Reading the stream failed (a network error): retry, asking only for the rest. */
    IO,
    /** An object over its kind's size limit, or a pack over its object or byte limit. */
    TOO_LARGE,
    /**
     * Bytes that do not decode strictly as their kind, or that disagree with what they refer to.
     */
    CORRUPT_OBJECT,
    /** An object whose hash is not the one announced for it. */
    HASH_MISMATCH,
    /** An object refers to one neither stored nor earlier in the pack (missing or out of order). */
    MISSING_REFERENCE
  }

  /** Whether asking again may succeed: the stream broke, the data did not. */
  public boolean retriable() {
    return kind == Kind.TRUNCATED || kind == Kind.IO;
  }
}
