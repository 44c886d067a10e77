package dev.syncmesh.gc;

import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.peer.StoredPeers;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.store.ObjectSweep;
import dev.syncmesh.tree.NodeReferences;
import dev.syncmesh.tree.ProllyTree;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the objects no peer can reach: mark from every peer's state as the journal holds it
 * (heads with all their history, working sets, unfinished sessions, pending merges with their
 * conflicts and chosen values, the results the history keeps; the empty tree always), then sweep
 * the store in hash order and delete what is unmarked and was last written before the collection
 * began minus the grace period.
 *
 * <p>Why it is safe while peers write and sync: anything a peer refers to after its state was read
 * is either reachable from that state (heads only move forward, and every operation builds on its
 * peer's current state), or an object written after the collection began minus the grace period.
 * A write of an object that is stored already sets its {@code stored_at} again, and the object
 * store skips a write only for what it wrote itself moments ago ({@code syncmesh.gc.grace} divided
 * by four at most). The grace period must outlast what the node keeps between writing objects and
 * recording a peer that refers to them: a push's parts (10 minutes) and a fetch's (an hour).
 *
 * <p>Memory: the marks are an exact set bounded by {@code syncmesh.gc.max-mark-memory}; past it
 * the collection stops before deleting anything. One collection runs at a time on a node; two
 * nodes collecting at once are safe, only wasteful.
 */
public final class GarbageCollector {
  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
  static final int READ_BATCH = 1024;
  static final int SWEEP_PAGE = 1000;
  static final int DELETE_BATCH = 256;

  /** A collection is running on this node already. */
  public static final class Running extends RuntimeException {
    Running() {
      super("a garbage collection is running on this node");
    }
  }

  private final StoredPeers peers;
  private final ObjectStore reader;
  private final ObjectSweep sweep;
  private final long maxMarkBytes;
  private final ReentrantLock running = new ReentrantLock();
  private final GcMeters meters;

  /**
   * A collector over the peers' journal, reading objects through {@code reader} (best without a
   * cache: the walk reads each object once) and sweeping with {@code sweep}.
   */
  public GarbageCollector(
      StoredPeers peers, ObjectStore reader, ObjectSweep sweep, long maxMarkBytes, GcMeters meters) {
    this.peers = peers;
    this.reader = reader;
    this.sweep = sweep;
    this.maxMarkBytes = maxMarkBytes;
    this.meters = meters;
  }

  /** Whether a collection is running on this node now. */
  public boolean isRunning() {
    return running.isLocked();
  }

  /**
   * One collection, sparing objects written within {@code grace} of its start; {@link Running} if
   * one runs on this node already.
   */
  public GcReport collect(Duration grace) {
    if (!running.tryLock()) {
      throw new Running();
    }
    try {
      GcReport report = run(grace);
      meters.record(report);
      log.info(
          "garbage collection: {} peers, {} reachable, {} scanned, {} kept as young, {} deleted"
              + " ({} bytes), {} missing, in {} ms",
          report.peers(), report.reachable(), report.scanned(), report.keptYoung(),
          report.deleted(), report.deletedBytes(), report.missing(), report.tookMillis());
      return report;
    } finally {
      running.unlock();
    }
  }

  private GcReport run(Duration grace) {
    long began = System.nanoTime();
    // The database's clock, read before any root: whatever is written from here on is young.
    long startedAt = sweep.now();
    long cutoff = startedAt - grace.toSeconds();
    Marker marker = new Marker(new MarkSet(maxMarkBytes));
    marker.tree(ProllyTree.EMPTY);
    AtomicLong peerCount = new AtomicLong();
    peers.forEach(
        peer -> {
          peerCount.incrementAndGet();
          Roots.of(peer, marker);
          marker.drain();
        });
    marker.drain();
    Sweep result = sweep(marker.marks, cutoff);
    return new GcReport(
        Instant.ofEpochSecond(startedAt),
        grace.toSeconds(),
        peerCount.get(),
        marker.marks.size(),
        marker.missing,
        result.scanned,
        result.young,
        result.deleted,
        result.deletedBytes,
        Duration.ofNanos(System.nanoTime() - began).toMillis());
  }

  /** Marks what roots reach, walking commits and trees a batch of reads at a time. */
  private final class Marker implements Roots.Sink {
    final MarkSet marks;
    final ArrayDeque<Hash> commits = new ArrayDeque<>();
    final ArrayDeque<Hash> nodes = new ArrayDeque<>();
    long missing;

    Marker(MarkSet marks) {
      this.marks = marks;
    }

    @Override
    public void commit(Hash commit) {
      if (marks.add(commit)) {
        commits.add(commit);
      }
    }

    @Override
    public void tree(Hash root) {
      if (marks.add(root)) {
        nodes.add(root);
      }
    }

    @Override
    public void object(Hash object) {
      marks.add(object);
    }

    void drain() {
      while (!commits.isEmpty() || !nodes.isEmpty()) {
        if (!commits.isEmpty()) {
          for (StoredObject object : read(commits, ObjectKind.COMMIT)) {
            Commit commit = CommitGraph.decode(object);
            commit.parents().forEach(this::commit);
            tree(commit.tree());
          }
        } else {
          for (StoredObject object : read(nodes, ObjectKind.NODE)) {
            NodeReferences references = NodeReferences.of(object);
            for (Hash hash : references.hashes()) {
              if (references.leaf()) {
                object(hash);
              } else {
                tree(hash);
              }
            }
          }
        }
      }
    }

    private List<StoredObject> read(ArrayDeque<Hash> queue, ObjectKind kind) {
      List<Hash> batch = new ArrayList<>(Math.min(queue.size(), READ_BATCH));
      while (!queue.isEmpty() && batch.size() < READ_BATCH) {
        batch.add(queue.poll());
      }
      Map<Hash, StoredObject> found = reader.getAll(batch);
      List<StoredObject> objects = new ArrayList<>(found.size());
      for (Hash hash : batch) {
        StoredObject object = found.get(hash);
        if (object == null || object.kind() != kind) {
          missing++;
          log.warn(
              "a peer refers to {} {}, which the store {}", kind, hash,
              object == null ? "does not hold" : "holds as a " + object.kind());
        } else {
          objects.add(object);
        }
      }
      return objects;
    }
  }

  private static final class Sweep {
    long scanned;
    long young;
    long deleted;
    long deletedBytes;
  }

  private Sweep sweep(MarkSet marks, long cutoff) {
    Sweep result = new Sweep();
    Hash after = null;
    List<ObjectSweep.Row> doomed = new ArrayList<>();
    while (true) {
      List<ObjectSweep.Row> page = sweep.page(after, SWEEP_PAGE);
      for (ObjectSweep.Row row : page) {
        result.scanned++;
        if (marks.contains(row.hash())) {
          continue;
        }
        if (row.storedAt() >= cutoff) {
          result.young++;
          continue;
        }
        doomed.add(row);
        if (doomed.size() == DELETE_BATCH) {
          delete(doomed, cutoff, result);
        }
      }
      if (page.size() < SWEEP_PAGE) {
        break;
      }
      after = page.get(page.size() - 1).hash();
    }
    delete(doomed, cutoff, result);
    return result;
  }

  private void delete(List<ObjectSweep.Row> doomed, long cutoff, Sweep result) {
    if (doomed.isEmpty()) {
      return;
    }
    Set<Hash> gone =
        sweep.deleteWrittenBefore(doomed.stream().map(ObjectSweep.Row::hash).toList(), cutoff);
    for (ObjectSweep.Row row : doomed) {
      if (gone.contains(row.hash())) {
        result.deleted++;
        result.deletedBytes += row.size();
      } else {
        result.young++;
      }
    }
    doomed.clear();
  }
}
