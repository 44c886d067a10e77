package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.Objects;

/**
 * How one record differs between two snapshots. {@code before} is null when the record was added,
 * {@code after} is null when it was deleted; never both.
 */
public record Change(RecordKey key, Hash before, Hash after) {
  public Change {
    Objects.requireNonNull(key, "key");
    if (before == null && after == null) {
      throw new IllegalArgumentException("a change of " + key + " needs a value before or after");
    }
  }

  public boolean isDelete() {
    return after == null;
  }

  /** The same change seen from the other side. */
  public Change reversed() {
    return new Change(key, after, before);
  }
}
