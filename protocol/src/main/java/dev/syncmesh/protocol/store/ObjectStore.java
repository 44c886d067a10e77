package dev.syncmesh.protocol.store;

import dev.syncmesh.protocol.model.Hash;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable, content-addressed objects. Writes are idempotent and batched; an object is stored
 * before anything refers to it, so callers write children before parents. Every method blocks on
 * I/O: call it from a thread meant for blocking work, never from an actor.
 */
public interface ObjectStore {

  /**
   * Stores objects that are not stored yet; objects already present keep their bytes and count as
   * written now (garbage collection spares what was written recently). Objects
   * are stored in the order given (possibly several at a time), so list children before parents:
   * if the call fails, no object given is stored without those listed before it.
   */
  void putAll(Collection<StoredObject> objects);

  /** The objects found among the given hashes; absent hashes are simply missing from the map. */
  Map<Hash, StoredObject> getAll(Collection<Hash> hashes);

  default Optional<StoredObject> get(Hash hash) {
    return Optional.ofNullable(getAll(Set.of(hash)).get(hash));
  }

  /** The hashes among the given ones that the store does not hold. */
  Set<Hash> missing(Collection<Hash> hashes);

  /**
   * The kinds of the objects found among the given hashes; absent hashes are missing from the map.
   * Stores should answer without reading the objects' bytes: it is how a receiver checks that what
   * an object refers to is present and of the right kind.
   */
  default Map<Hash, ObjectKind> kinds(Collection<Hash> hashes) {
    Map<Hash, ObjectKind> kinds = new HashMap<>();
    getAll(hashes).forEach((hash, object) -> kinds.put(hash, object.kind()));
    return kinds;
  }

  /** Counters since the store was opened, for benchmarks and metrics. */
  ObjectStoreStats stats();
}
