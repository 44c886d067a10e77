package dev.syncmesh.store;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.ObjectStoreStats;
import dev.syncmesh.protocol.store.StoredObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An object store that holds writes in memory, in order, until {@link #flush()} hands them to the
 * store below in one call: a batch of work that writes many small objects (a tree per commit, a
 * commit per write) then costs one round of database transactions instead of one per call. Reads
 * see the staged objects. Not thread-safe: one batch, one thread.
 */
public final class StagedObjectStore implements ObjectStore {
  private final ObjectStore below;
  private final Map<Hash, StoredObject> staged = new LinkedHashMap<>();

  public StagedObjectStore(ObjectStore below) {
    this.below = below;
  }

  @Override
  public void putAll(Collection<StoredObject> objects) {
    for (StoredObject object : objects) {
      staged.putIfAbsent(object.hash(), object);
    }
  }

  @Override
  public Map<Hash, StoredObject> getAll(Collection<Hash> hashes) {
    Map<Hash, StoredObject> found = new HashMap<>();
    List<Hash> rest = hashes.stream().filter(hash -> {
      StoredObject object = staged.get(hash);
      if (object != null) {
        found.put(hash, object);
        return false;
      }
      return true;
    }).toList();
    if (!rest.isEmpty()) {
      found.putAll(below.getAll(rest));
    }
    return found;
  }

  @Override
  public Set<Hash> missing(Collection<Hash> hashes) {
    Set<Hash> unstaged =
        hashes.stream().filter(hash -> !staged.containsKey(hash)).collect(Collectors.toSet());
    return unstaged.isEmpty() ? Set.of() : below.missing(unstaged);
  }

  /** Writes everything staged, in the order it was staged (children before parents). */
  public void flush() {
    if (!staged.isEmpty()) {
      below.putAll(List.copyOf(staged.values()));
      staged.clear();
    }
  }

  public int stagedCount() {
    return staged.size();
  }

  @Override
  public ObjectStoreStats stats() {
    return below.stats();
  }
}
