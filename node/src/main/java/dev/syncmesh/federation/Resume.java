package dev.syncmesh.federation;

import dev.syncmesh.protocol.model.Hash;
import java.util.Objects;

/**
 * Where an interrupted pack stopped inside the objects of one commit: the receiver holds every
 * object of that commit's section up to the node of this last key and level, in sending order (key,
 * then level; a blob sorts at its record's key, below level 0). A plan given it skips those, so a
 * resumed fetch moves only the rest. Received commits are passed as haves, not here.
 */
public record Resume(Hash commit, String key, int level) {
  public Resume {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(key, "key");
  }
}
