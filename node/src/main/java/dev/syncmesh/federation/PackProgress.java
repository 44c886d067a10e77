package dev.syncmesh.federation;

/**
 * Hears a pack's objects as they are stored (receiving) or written (sending), a batch at a time,
 * and of a sent pack each commit whose section is complete: how live progress is counted (the
 * bytes are counted on the stream, as the results count them).
 */
public interface PackProgress {
  PackProgress NONE = new PackProgress() {};

  /** {@code objects} more objects. */
  default void objects(long objects) {}

  /** A commit's section (its objects, then the commit) went into the pack. */
  default void commit() {}
}
