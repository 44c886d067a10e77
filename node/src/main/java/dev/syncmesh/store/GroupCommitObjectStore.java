package dev.syncmesh.store;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.ObjectStoreStats;
import dev.syncmesh.protocol.store.StoredObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Group commit for writes from many threads: while one thread writes, the writes that other threads
 * ask for meanwhile queue up, and the next writer stores them all in one call (one database
 * transaction for up to the store's batch limit) instead of one each. Every caller still returns
 * only once its own objects are stored, and fails if that write failed. Each caller's objects keep
 * their order, so children stay before parents. Reads go straight through.
 */
public final class GroupCommitObjectStore implements ObjectStore {
  private final ObjectStore below;
  private final Object lock = new Object();
  private List<Pending> queue = new ArrayList<>();
  private boolean writing;

  public GroupCommitObjectStore(ObjectStore below) {
    this.below = below;
  }

  private static final class Pending {
    final Collection<StoredObject> objects;
    boolean done;
    RuntimeException failure;

    Pending(Collection<StoredObject> objects) {
      this.objects = objects;
    }
  }

  @Override
  public void putAll(Collection<StoredObject> objects) {
    if (objects.isEmpty()) {
      return;
    }
    Pending mine = new Pending(List.copyOf(objects));
    List<Pending> batch = null;
    synchronized (lock) {
      queue.add(mine);
      while (!mine.done && batch == null) {
        if (!writing) {
          writing = true;
          batch = queue;
          queue = new ArrayList<>();
        } else {
          awaitTurn();
        }
      }
    }
    if (batch != null) {
      write(batch);
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  private void awaitTurn() {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("interrupted while waiting to write objects", e);
    }
  }

  private void write(List<Pending> batch) {
    RuntimeException failure = null;
    try {
      List<StoredObject> all = new ArrayList<>();
      batch.forEach(pending -> all.addAll(pending.objects));
      below.putAll(all);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      synchronized (lock) {
        for (Pending pending : batch) {
          pending.failure = failure;
          pending.done = true;
        }
        writing = false;
        lock.notifyAll();
      }
    }
  }

  @Override
  public Map<Hash, StoredObject> getAll(Collection<Hash> hashes) {
    return below.getAll(hashes);
  }

  @Override
  public Set<Hash> missing(Collection<Hash> hashes) {
    return below.missing(hashes);
  }

  @Override
  public ObjectStoreStats stats() {
    return below.stats();
  }
}
