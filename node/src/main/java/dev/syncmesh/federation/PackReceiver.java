package dev.syncmesh.federation;

import dev.syncmesh.federation.PackFailure.Kind;
import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.tree.CheckedNode;
import dev.syncmesh.tree.MalformedNodeException;
import dev.syncmesh.tree.NodeLink;
import dev.syncmesh.tree.NodePatch;
import dev.syncmesh.tree.ProllyTree;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Receives a pack into the store, verifying every object before storing it: its kind is known and
 * its bytes decode strictly (blobs are canonical record values, nodes pass every node check,
 * commits decode strictly and their generation follows from their parents'), and everything it
 * refers to is stored already or came earlier in this pack, with the right kind (a node's children
 * from the pack must agree with it too). Verified objects are stored a batch at a time, in pack
 * order, so the store never holds a dangling reference (a batch is stored while the next is read
 * and verified, one at a time; a section's commit goes in the same write as the section's last
 * objects, so a small pack costs one write per section); on a failure the verified objects before
 * it stay, so a retried fetch moves only the rest. Moves no head: whether what the pack refers to
 * outside itself is the sender's to refer to is for {@link Completeness} to say, and a reference to
 * what is not stored is refused in its words, once the whole pack has been read.
 */
public final class PackReceiver {

  /**
   * What a pack brought: objects verified and stored (or found already stored) and their bytes, the
   * bytes read from the stream, the commits received in order, whether the pack was complete (its
   * end frame reached, nothing more to come), where to resume if not, and why it was refused. And
   * which objects came ({@code brought}; of them, {@code open} are those of a section the pack did
   * not finish), for the check of what the commits may refer to ({@link Intake}).
   */
  public record Received(
      long objectsReceived,
      long objectBytes,
      long bytesReceived,
      List<Hash> commits,
      boolean complete,
      Resume resume,
      PackFailure failure,
      Brought brought,
      Brought open) {
    public Received {
      commits = List.copyOf(commits);
    }

    public boolean ok() {
      return failure == null;
    }
  }

  private final ObjectStore store;
  private final ProllyTree trees;
  private final CommitGraph commits;
  private final PackLimits limits;

  public PackReceiver(ObjectStore store, ProllyTree trees, CommitGraph commits, PackLimits limits) {
    this.store = store;
    this.trees = trees;
    this.commits = commits;
    this.limits = limits;
  }

  /**
   * Reads a pack to its end or its first fault; never throws for what the stream holds. Verified
   * batches are stored on a thread of their own while the next batch is read and verified; one
   * batch at a time, in order.
   */
  public Received receive(InputStream in) {
    return receive(in, PackProgress.NONE);
  }

  /** The same, telling {@code progress} of each batch once it is stored. */
  public Received receive(InputStream in, PackProgress progress) {
    ExecutorService writer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "pack-receiver-store");
              thread.setDaemon(true);
              return thread;
            });
    try {
      return new Reception(new PackReader(in, limits), writer, progress).run();
    } finally {
      writer.shutdown();
    }
  }

  /** A refusal on its way out of the verifying methods. */
  private static final class Refused extends RuntimeException {
    final transient PackFailure failure;

    Refused(Kind kind, String message) {
      super(message, null, false, false);
      this.failure = new PackFailure(kind, message);
    }
  }

  /**
   * What the pack has brought so far; {@code count} is a node's records or a commit's generation,
   * {@code section} the ordinal of the section it came in.
   */
  private record Known(ObjectKind kind, int level, String lastKey, long count, int section) {
    boolean describes(ObjectKind kind, int level, String lastKey, long count) {
      return this.kind == kind
          && this.level == level
          && Objects.equals(this.lastKey, lastKey)
          && this.count == count;
    }
  }

  private record Ref(Hash target, ObjectKind kind) {}

  private record Pending(StoredObject object, List<Ref> refs, Resume place) {}

  private final class Reception {
    private final PackReader reader;
    private final Map<Hash, Known> known = new HashMap<>();
    /** Nodes that came only as a patch, with the base each was rebuilt from. */
    private final Map<Hash, Hash> patched = new HashMap<>();
    private int sections;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<Hash, StoredObject> pendingObjects = new HashMap<>();
    private final List<Hash> received = new ArrayList<>();
    private long pendingBytes;
    /** Batches handed to the store so far. */
    private int batches;
    private long objects;
    private long objectBytes;
    private Hash section;
    private Resume resume;
    private final Executor writer;
    /** The batch being stored, its objects by hash (patch bases may be among them) and place. */
    private CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
    private List<StoredObject> writingObjects = List.of();
    private Map<Hash, StoredObject> writingByHash = Map.of();
    private Resume writingPlace;

    private final PackProgress progress;

    Reception(PackReader reader, Executor writer, PackProgress progress) {
      this.reader = reader;
      this.writer = writer;
      this.progress = progress;
    }

    Received run() {
      try {
        while (true) {
          PackReader.Frame frame = reader.next();
          if (frame instanceof PackReader.Broken broken) {
            throw new Refused(broken.failure().kind(), broken.failure().message());
          } else if (frame instanceof PackReader.Section start) {
            startSection(start.commit());
          } else if (frame instanceof PackReader.Item item) {
            accept(item.object(), Set.of());
            patched.remove(item.object().hash());
          } else if (frame instanceof PackReader.Patch patch) {
            NodePatch.Rebuilt rebuilt = rebuild(patch.base(), patch.patch());
            boolean cameWhole = known.containsKey(rebuilt.node().hash())
                && !patched.containsKey(rebuilt.node().hash());
            accept(rebuilt.node(), rebuilt.copied());
            if (!cameWhole) {
              patched.put(rebuilt.node().hash(), patch.base());
            }
          } else if (frame instanceof PackReader.End end) {
            if (!end.more() && section != null) {
              throw new Refused(Kind.MALFORMED, "the pack ended inside the section of " + section);
            }
            flush();
            awaitWrite();
            return result(!end.more(), null);
          }
        }
      } catch (Refused refused) {
        PackFailure failure = refused.failure;
        try {
          flush(); // keep what was verified before the fault
        } catch (Refused earlier) {
          failure = earlier.failure;
        }
        awaitWrite();
        if (failure.kind() == Kind.MISSING_REFERENCE) {
          drain(); // refused where an object stored for someone else is: at the pack's end
        }
        return result(false, failure);
      }
    }

    /** Reads the rest of the pack (within its limits), storing nothing. */
    private void drain() {
      while (true) {
        PackReader.Frame frame = reader.next();
        if (frame instanceof PackReader.Broken || frame instanceof PackReader.End) {
          return;
        }
      }
    }

    private Received result(boolean complete, PackFailure failure) {
      return new Received(
          objects,
          objectBytes,
          reader.bytesRead(),
          received,
          complete,
          complete || section == null ? null : resume,
          failure,
          new Brought(Collections.unmodifiableSet(known.keySet()), patched),
          openSection());
    }

    /** The objects of the section the pack ended in, if it ended inside one. */
    private Brought openSection() {
      if (section == null) {
        return Brought.NONE;
      }
      Set<Hash> objects = new HashSet<>();
      Map<Hash, Hash> bases = new HashMap<>();
      known.forEach(
          (hash, what) -> {
            if (what.section() == sections) {
              objects.add(hash);
              Hash base = patched.get(hash);
              if (base != null) {
                bases.put(hash, base);
              }
            }
          });
      return new Brought(objects, bases);
    }

    private void startSection(Hash commit) {
      if (section != null) {
        throw new Refused(
            Kind.MALFORMED, "a section began before commit " + section + " ended the previous one");
      }
      section = commit;
      sections++;
      resume = null;
    }

    /** Verifies and queues an object; links to {@code trusted} children need no check. */
    private void accept(StoredObject object, Set<NodeLink> trusted) {
      if (section == null) {
        throw new Refused(Kind.MALFORMED, "object " + object.hash() + " is outside any section");
      }
      switch (object.kind()) {
        case BLOB -> acceptBlob(object);
        case NODE -> acceptNode(object, trusted);
        case COMMIT -> acceptCommit(object);
      }
    }

    /** The node a patch makes from its base, stored or pending; checked later like any node. */
    private NodePatch.Rebuilt rebuild(Hash baseHash, byte[] patch) {
      StoredObject base = pendingObjects.get(baseHash);
      if (base == null) {
        base = writingByHash.get(baseHash);
      }
      if (base == null) {
        base = store.get(baseHash).orElse(null);
      }
      if (base == null || base.kind() != ObjectKind.NODE) {
        throw notHere(ObjectKind.NODE, baseHash);
      }
      try {
        return NodePatch.apply(base, patch, PackLimits.MAX_NODE_BYTES);
      } catch (MalformedNodeException e) {
        throw new Refused(Kind.CORRUPT_OBJECT, e.getMessage());
      }
    }

    private void acceptBlob(StoredObject blob) {
      try {
        if (!Arrays.equals(RecordValue.parse(blob.data()).canonicalBytes(), blob.data())) {
          throw new Refused(Kind.CORRUPT_OBJECT, "blob " + blob.hash() + " is not canonical JSON");
        }
      } catch (InvalidInputException e) {
        throw new Refused(
            Kind.CORRUPT_OBJECT,
            "blob " + blob.hash() + " is not a record value: " + e.getMessage());
      }
      known.put(blob.hash(), new Known(ObjectKind.BLOB, -1, null, 0, sections));
      queue(new Pending(blob, List.of(), null));
    }

    private void acceptNode(StoredObject object, Set<NodeLink> trusted) {
      CheckedNode node;
      try {
        node = trees.checkNode(object);
      } catch (MalformedNodeException e) {
        throw new Refused(Kind.CORRUPT_OBJECT, e.getMessage());
      }
      ObjectKind childKind = node.isLeaf() ? ObjectKind.BLOB : ObjectKind.NODE;
      List<Ref> external = new ArrayList<>();
      for (NodeLink link : node.links()) {
        if (trusted.contains(link)) {
          continue; // copied from a verified base node, which describes it correctly
        }
        Known child = known.get(link.target());
        if (child == null) {
          external.add(new Ref(link.target(), childKind));
        } else if (child.kind() != childKind) {
          throw wrongKind(node.hash(), link.target(), childKind, child.kind());
        } else if (childKind == ObjectKind.NODE
            && !child.describes(ObjectKind.NODE, node.level() - 1, link.key(), link.count())) {
          throw new Refused(
              Kind.CORRUPT_OBJECT,
              "node "
                  + node.hash()
                  + " describes child "
                  + link.target()
                  + " as level "
                  + (node.level() - 1)
                  + " with "
                  + link.count()
                  + " records up to "
                  + link.key()
                  + "; it is level "
                  + child.level()
                  + " with "
                  + child.count()
                  + " up to "
                  + child.lastKey());
        }
      }
      known.put(
          node.hash(),
          new Known(ObjectKind.NODE, node.level(), node.lastKey(), node.size(), sections));
      queue(
          new Pending(
              object,
              external,
              node.lastKey() == null ? null : new Resume(section, node.lastKey(), node.level())));
    }

    private void acceptCommit(StoredObject object) {
      Commit commit;
      try {
        commit = CommitGraph.decode(object);
      } catch (InvalidInputException e) {
        throw new Refused(Kind.CORRUPT_OBJECT, e.getMessage());
      }
      if (!object.hash().equals(section)) {
        throw new Refused(
            Kind.HASH_MISMATCH,
            "the section announced commit "
                + section
                + ", but its commit hashes to "
                + object.hash());
      }
      Known tree = known.get(commit.tree());
      if (tree != null && tree.kind() != ObjectKind.NODE) {
        throw wrongKind(object.hash(), commit.tree(), ObjectKind.NODE, tree.kind());
      }
      if (tree == null && store.kinds(List.of(commit.tree())).get(commit.tree()) != ObjectKind.NODE) {
        throw notHere(ObjectKind.NODE, commit.tree());
      }
      long generation = 1;
      for (Hash parent : commit.parents()) {
        generation = Math.max(generation, 1 + generationOf(object.hash(), parent));
      }
      if (commit.generation() != generation) {
        throw new Refused(
            Kind.CORRUPT_OBJECT,
            "commit "
                + object.hash()
                + " has generation "
                + commit.generation()
                + "; its parents make it "
                + generation);
      }
      known.put(
          object.hash(), new Known(ObjectKind.COMMIT, -1, null, commit.generation(), sections));
      // Stored with the section's last batch, in one write, while the next section is read.
      queue(new Pending(object, List.of(), null));
      flush();
      section = null;
      resume = null;
    }

    private long generationOf(Hash commit, Hash parent) {
      Known inPack = known.get(parent);
      if (inPack != null) {
        if (inPack.kind() != ObjectKind.COMMIT) {
          throw wrongKind(commit, parent, ObjectKind.COMMIT, inPack.kind());
        }
        return inPack.count();
      }
      try {
        return commits
            .find(parent)
            .orElseThrow(() -> notHere(ObjectKind.COMMIT, parent))
            .generation();
      } catch (InvalidInputException e) {
        throw notHere(ObjectKind.COMMIT, parent); // stored, but no commit: as good as absent
      }
    }

    private void queue(Pending item) {
      pending.add(item);
      pendingObjects.put(item.object().hash(), item.object());
      pendingBytes += item.object().size();
      if (pending.size() >= limits.batchObjects(batches) || pendingBytes >= limits.batchBytes()) {
        flush();
      }
    }

    /**
     * Checks the pending objects' references outside the pack in one store request, then stores
     * them in order up to the first whose reference fails, and refuses the pack there.
     */
    private void flush() {
      if (pending.isEmpty()) {
        return;
      }
      Set<Hash> outside = new HashSet<>();
      pending.forEach(item -> item.refs().forEach(ref -> outside.add(ref.target())));
      Map<Hash, ObjectKind> kinds = outside.isEmpty() ? Map.of() : store.kinds(outside);
      List<StoredObject> good = new ArrayList<>(pending.size());
      Refused refused = null;
      Resume place = null;
      for (Pending item : pending) {
        for (Ref ref : item.refs()) {
          if (kinds.get(ref.target()) != ref.kind()) {
            refused = notHere(ref.kind(), ref.target());
            break;
          }
        }
        if (refused != null) {
          break;
        }
        good.add(item.object());
        place = item.place() != null ? item.place() : place;
      }
      pending.clear();
      pendingObjects.clear();
      pendingBytes = 0;
      if (!good.isEmpty()) {
        awaitWrite();
        Map<Hash, StoredObject> byHash = new HashMap<>();
        good.forEach(object -> byHash.put(object.hash(), object));
        writingObjects = good;
        writingByHash = byHash;
        writingPlace = place;
        batches++;
        writing = CompletableFuture.runAsync(() -> store.putAll(good), writer);
      }
      if (refused != null) {
        throw refused;
      }
    }

    /** Waits for the batch being stored, then counts it; a store failure is thrown as it is. */
    private void awaitWrite() {
      try {
        writing.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
      for (StoredObject object : writingObjects) {
        count(object);
        if (object.kind() == ObjectKind.COMMIT) {
          received.add(object.hash());
        }
      }
      if (!writingObjects.isEmpty()) {
        progress.objects(writingObjects.size());
      }
      // A section's commit flushes its batch, so it can only be a batch's last object.
      boolean endsSection =
          !writingObjects.isEmpty()
              && writingObjects.get(writingObjects.size() - 1).kind() == ObjectKind.COMMIT;
      if (endsSection) {
        resume = null; // that section is done
      } else if (writingPlace != null) {
        resume = writingPlace;
      }
      writingObjects = List.of();
      writingByHash = Map.of();
      writingPlace = null;
    }

    private void count(StoredObject object) {
      objects++;
      objectBytes += object.size();
    }
  }

  /**
   * A reference outside the pack to what is not stored as the kind it must be: refused in the words
   * {@link Completeness} uses for one stored for another peer, so neither tells the sender which.
   */
  private static Refused notHere(ObjectKind kind, Hash target) {
    PackFailure failure = Completeness.notHere(kind, target);
    return new Refused(failure.kind(), failure.message());
  }

  private static Refused wrongKind(Hash from, Hash target, ObjectKind wanted, ObjectKind found) {
    return new Refused(
        Kind.CORRUPT_OBJECT,
        "object " + from + " refers to " + target + " as a " + wanted + ", but it is a " + found);
  }
}
