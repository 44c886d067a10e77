package dev.syncmesh.store;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.ObjectStoreStats;
import dev.syncmesh.protocol.store.StoredObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** An object store in a map: for tests of the pure core and for benchmarks of its algorithms. */
public final class InMemoryObjectStore implements ObjectStore {
  private final Map<Hash, StoredObject> objects = new ConcurrentHashMap<>();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong roundTrips = new AtomicLong();

  @Override
  public void putAll(Collection<StoredObject> batch) {
    roundTrips.incrementAndGet();
    for (StoredObject object : batch) {
      if (objects.putIfAbsent(object.hash(), object) == null) {
        writes.incrementAndGet();
      }
    }
  }

  @Override
  public Map<Hash, StoredObject> getAll(Collection<Hash> hashes) {
    roundTrips.incrementAndGet();
    Map<Hash, StoredObject> found = new HashMap<>();
    for (Hash hash : hashes) {
      StoredObject object = objects.get(hash);
      if (object != null) {
        found.put(hash, object);
        reads.incrementAndGet();
      }
    }
    return found;
  }

  @Override
  public Set<Hash> missing(Collection<Hash> hashes) {
    Set<Hash> missing = new HashSet<>();
    for (Hash hash : hashes) {
      if (!objects.containsKey(hash)) {
        missing.add(hash);
      }
    }
    return missing;
  }

  @Override
  public Map<Hash, ObjectKind> kinds(Collection<Hash> hashes) {
    Map<Hash, ObjectKind> kinds = new HashMap<>();
    for (Hash hash : hashes) {
      StoredObject object = objects.get(hash);
      if (object != null) {
        kinds.put(hash, object.kind());
      }
    }
    return kinds;
  }

  @Override
  public ObjectStoreStats stats() {
    return new ObjectStoreStats(reads.get(), writes.get(), roundTrips.get());
  }

  public int size() {
    return objects.size();
  }
}
