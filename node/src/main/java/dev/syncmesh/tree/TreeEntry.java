package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.Objects;

/** One record of a snapshot: its key and the hash of its value blob. */
public record TreeEntry(RecordKey key, Hash value) {
  public TreeEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
