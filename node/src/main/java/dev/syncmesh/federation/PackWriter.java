package dev.syncmesh.federation;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.tree.NodePatch;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a planned pack to a stream: the objects of each section read from the store a batch at a
 * time and flushed after each batch, then the commit. Stops before the pack would pass its limits
 * and says in the end frame that more follows; the receiver then asks again with what it got.
 */
public final class PackWriter {

  /**
   * What was written: objects (and how many of them as node patches), their bytes on the wire, all
   * bytes, the commits, and whether the plan was finished.
   */
  public record Written(
      long objects,
      long patches,
      long objectBytes,
      long bytesWritten,
      List<Hash> commits,
      boolean complete) {
    public Written {
      commits = List.copyOf(commits);
    }
  }

  private record Frame(int type, byte[] payload) {}

  private final ObjectStore store;
  private final PackLimits limits;

  public PackWriter(ObjectStore store, PackLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  public Written write(PackPlan plan, OutputStream sink) throws IOException {
    return write(plan, sink, PackProgress.NONE);
  }

  /** The same, telling {@code progress} of the objects and commits as they are written. */
  public Written write(PackPlan plan, OutputStream sink, PackProgress progress) throws IOException {
    return new Writing(sink, progress).run(plan);
  }

  private final class Writing {
    private final Counting counting;
    private final OutputStream out;
    private final List<Hash> commits = new ArrayList<>();
    private long objects;
    private long objectBytes;
    private long patches;
    private int batches;
    private final PackProgress progress;

    Writing(OutputStream sink, PackProgress progress) {
      counting = new Counting(sink);
      out = new BufferedOutputStream(counting, 1 << 16);
      this.progress = progress;
    }

    Written run(PackPlan plan) throws IOException {
      out.write(PackFormat.MAGIC);
      out.write(PackFormat.VERSION);
      boolean complete = writeSections(plan);
      out.write(PackFormat.END);
      PackFormat.writeNumber(out, objects);
      PackFormat.writeNumber(out, objectBytes);
      out.write(complete ? PackFormat.DONE : PackFormat.MORE);
      out.flush();
      return new Written(objects, patches, objectBytes, counting.count, commits, complete);
    }

    private boolean writeSections(PackPlan plan) throws IOException {
      for (PackPlan.Section section : plan.sections()) {
        out.write(PackFormat.SECTION);
        out.write(section.commit().bytes());
        List<Hash> hashes = section.objects();
        int start = 0;
        while (start < hashes.size()) {
          int end = start;
          do {
            end = unitEnd(section, end);
          } while (end < hashes.size() && end - start < limits.batchObjects(batches));
          batches++;
          if (!writeUnits(section, hashes.subList(start, end))) {
            return false;
          }
          out.flush();
          start = end;
        }
        StoredObject commit = required(store.getAll(List.of(section.commit())), section.commit());
        List<Frame> frames = List.of(frame(commit, null));
        if (!fits(frames)) {
          return false;
        }
        write(frames);
        commits.add(section.commit());
        out.flush();
        progress.commit();
      }
      return true;
    }

    /**
     * Writes whole units (a node and the blobs just before it) while they fit. A pack stops only
     * after a node, so the receiver can say exactly where to resume; only a unit too big for an
     * empty pack is split.
     */
    private boolean writeUnits(PackPlan.Section section, List<Hash> batch) throws IOException {
      List<Hash> wanted = new ArrayList<>(batch);
      batch.forEach(hash -> wanted.add(section.bases().get(hash)));
      wanted.removeIf(Objects::isNull);
      Map<Hash, StoredObject> found = store.getAll(wanted);
      List<Frame> unit = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Hash hash = batch.get(i);
        Hash base = section.bases().get(hash);
        unit.add(frame(required(found, hash), base == null ? null : found.get(base)));
        if (section.nodes().contains(hash) || i == batch.size() - 1) {
          if (!fits(unit)) {
            if (objects == 0) {
              for (Frame frame : unit) {
                if (!fits(List.of(frame))) {
                  break;
                }
                write(List.of(frame));
              }
            }
            return false;
          }
          write(unit);
          unit.clear();
        }
      }
      return true;
    }

    /** The index just after the next node at or after {@code from}, or the end. */
    private int unitEnd(PackPlan.Section section, int from) {
      int i = from;
      while (i < section.objects().size() && !section.nodes().contains(section.objects().get(i))) {
        i++;
      }
      return Math.min(i + 1, section.objects().size());
    }

    /** One object as it goes on the wire: a patch on {@code base} when that is smaller. */
    private Frame frame(StoredObject object, StoredObject base) {
      if (base != null) {
        byte[] patch = NodePatch.diff(base, object);
        if (Hash.BYTES + patch.length < object.size()) {
          byte[] payload = new byte[Hash.BYTES + patch.length];
          System.arraycopy(base.hash().bytes(), 0, payload, 0, Hash.BYTES);
          System.arraycopy(patch, 0, payload, Hash.BYTES, patch.length);
          return new Frame(PackFormat.NODE_PATCH, payload);
        }
      }
      return new Frame(object.kind().code(), object.data());
    }

    private boolean fits(List<Frame> frames) {
      long bytes = 0;
      for (Frame frame : frames) {
        bytes += frame.payload().length;
      }
      return objects + frames.size() <= limits.maxObjects()
          && objectBytes + bytes <= limits.maxBytes();
    }

    private void write(List<Frame> frames) throws IOException {
      for (Frame frame : frames) {
        out.write(frame.type());
        PackFormat.writeNumber(out, frame.payload().length);
        out.write(frame.payload());
        objects++;
        objectBytes += frame.payload().length;
        patches += frame.type() == PackFormat.NODE_PATCH ? 1 : 0;
      }
      progress.objects(frames.size());
    }

    private static StoredObject required(Map<Hash, StoredObject> found, Hash hash) {
      StoredObject object = found.get(hash);
      if (object == null) {
        throw new IllegalStateException(
            "object " + hash + " of a planned pack is not in the store");
      }
      return object;
    }
  }

  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
