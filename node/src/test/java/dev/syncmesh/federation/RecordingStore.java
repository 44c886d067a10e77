package dev.syncmesh.federation;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.ObjectStoreStats;
import dev.syncmesh.protocol.store.StoredObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A store that remembers every object handed to it, so tests can check what landed. */
final class RecordingStore implements ObjectStore {
  private final ObjectStore store;
  private final List<StoredObject> written = new ArrayList<>();
  private final List<List<StoredObject>> writes = new ArrayList<>();

  RecordingStore(ObjectStore store) {
    this.store = store;
  }

  @Override
  public synchronized void putAll(Collection<StoredObject> objects) {
    store.putAll(objects);
    written.addAll(objects);
    writes.add(List.copyOf(objects));
  }

  @Override
  public Map<Hash, StoredObject> getAll(Collection<Hash> hashes) {
    return store.getAll(hashes);
  }

  @Override
  public Set<Hash> missing(Collection<Hash> hashes) {
    return store.missing(hashes);
  }

  @Override
  public Map<Hash, ObjectKind> kinds(Collection<Hash> hashes) {
    return store.kinds(hashes);
  }

  @Override
  public ObjectStoreStats stats() {
    return store.stats();
  }

  synchronized List<StoredObject> written() {
    return List.copyOf(written);
  }

  /** The objects of each call that handed objects to the store, in order. */
  synchronized List<List<StoredObject>> writes() {
    return List.copyOf(writes);
  }
}
