package dev.syncmesh.store;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.ObjectStoreStats;
import dev.syncmesh.protocol.store.StoredObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * An object store that can hold a thread's writes in memory, in order, until {@link #flush()}
 * hands them to the store below in one call: a batch of work that writes many small objects (a
 * tree per commit, a commit per write) then costs one round of database transactions instead of one
 * per call. Between {@link #begin()} and {@link #end()} the calling thread's writes are staged and
 * its reads see them; other threads, and a thread outside a stage, go straight to the store below.
 * So trees and commit graphs over this store can be shared by every batch, with their caches.
 */
public final class StagedObjectStore implements ObjectStore {
  private final ObjectStore below;
  private final ThreadLocal<Map<Hash, StoredObject>> stage = new ThreadLocal<>();

  public StagedObjectStore(ObjectStore below) {
    this.below = below;
  }

  /** Starts staging this thread's writes. */
  public void begin() {
    if (stage.get() != null) {
      throw new IllegalStateException("this thread is staging writes already");
    }
    stage.set(new LinkedHashMap<>());
  }

  /** Writes everything this thread staged, in the order it was staged (children before parents). */
  public void flush() {
    Map<Hash, StoredObject> staged = stage.get();
    if (staged != null && !staged.isEmpty()) {
      below.putAll(List.copyOf(staged.values()));
      staged.clear();
    }
  }

  /** Stops staging; whatever was not flushed is dropped. */
  public void end() {
    stage.remove();
  }

  /**
   * Runs {@code work} with this thread's writes staged and written in one call when it returns
   * (nothing is written if it throws). Inside a stage already, the work joins it.
   */
  public <T> T inOneWrite(Supplier<T> work) {
    if (stage.get() != null) {
      return work.get();
    }
    begin();
    try {
      T result = work.get();
      flush();
      return result;
    } finally {
      end();
    }
  }

  @Override
  public void putAll(Collection<StoredObject> objects) {
    Map<Hash, StoredObject> staged = stage.get();
    if (staged == null) {
      below.putAll(objects);
      return;
    }
    for (StoredObject object : objects) {
      staged.putIfAbsent(object.hash(), object);
    }
  }

  @Override
  public Map<Hash, StoredObject> getAll(Collection<Hash> hashes) {
    Map<Hash, StoredObject> staged = stage.get();
    if (staged == null || staged.isEmpty()) {
      return below.getAll(hashes);
    }
    Map<Hash, StoredObject> found = new HashMap<>();
    List<Hash> rest = new ArrayList<>();
    for (Hash hash : hashes) {
      StoredObject object = staged.get(hash);
      if (object != null) {
        found.put(hash, object);
      } else {
        rest.add(hash);
      }
    }
    if (!rest.isEmpty()) {
      found.putAll(below.getAll(rest));
    }
    return found;
  }

  @Override
  public Set<Hash> missing(Collection<Hash> hashes) {
    Map<Hash, StoredObject> staged = stage.get();
    if (staged == null || staged.isEmpty()) {
      return below.missing(hashes);
    }
    Set<Hash> unstaged =
        hashes.stream().filter(hash -> !staged.containsKey(hash)).collect(Collectors.toSet());
    return unstaged.isEmpty() ? Set.of() : below.missing(unstaged);
  }

  @Override
  public ObjectStoreStats stats() {
    return below.stats();
  }
}
