package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.StoredObject;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A node written as changes to another node the receiver has, as Git sends deltas: a changed leaf
 * differs from its older version in a few entries, so it travels as a few bytes plus its base's
 * hash instead of 64 entries of 50 bytes. The receiver rebuilds the node's canonical bytes from the
 * patch and computes their hash itself; the rebuilt node is then checked like any node received.
 *
 * <pre>
 * level  1 byte
 * count  LEB128, the number of operations
 * ops    0: copy, LEB128 first index and LEB128 number of the base's entries
 *        1: entry, LEB128 key length, key, 32-byte hash, and in internal nodes LEB128 records below
 * </pre>
 */
public final class NodePatch {
  private static final int COPY = 0;
  private static final int ENTRY = 1;
  private static final int MIN_ENTRY_BYTES = 1 + 3 + Hash.BYTES;

  private NodePatch() {}

  /** The patch that makes {@code target} from {@code base}; both are nodes of this node's store. */
  public static byte[] diff(StoredObject base, StoredObject target) {
    Node from = NodeCodec.decode(base, Chunking.DEFAULT, false);
    Node to = NodeCodec.decode(target, Chunking.DEFAULT, false);
    List<long[]> copies = new ArrayList<>(); // {first index, count, position in target}
    int b = 0;
    for (int t = 0; t < to.entryCount(); t++) {
      NodeEntry entry = to.entry(t);
      while (b < from.entryCount() && from.entry(b).key().compareTo(entry.key()) < 0) {
        b++;
      }
      if (b < from.entryCount() && from.entry(b).equals(entry)) {
        long[] last = copies.isEmpty() ? null : copies.get(copies.size() - 1);
        if (last != null && last[0] + last[1] == b && last[2] + last[1] == t) {
          last[1]++;
        } else {
          copies.add(new long[] {b, 1, t});
        }
        b++;
      }
    }
    ByteArrayOutputStream ops = new ByteArrayOutputStream();
    int count = 0;
    int t = 0;
    for (long[] copy : copies) {
      for (; t < copy[2]; t++, count++) {
        putEntry(ops, to.entry(t), to.level());
      }
      ops.write(COPY);
      putNumber(ops, copy[0]);
      putNumber(ops, copy[1]);
      count++;
      t += (int) copy[1];
    }
    for (; t < to.entryCount(); t++, count++) {
      putEntry(ops, to.entry(t), to.level());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(to.level());
    putNumber(out, count);
    out.writeBytes(ops.toByteArray());
    return out.toByteArray();
  }

  /**
   * A node rebuilt from a patch, and the children it copied from its base: those are described as
   * the base describes them, so a receiver that trusts the base need not check them again.
   */
  public record Rebuilt(StoredObject node, Set<NodeLink> copied) {}

  /**
   * Rebuilds a node from a stored base and a patch received from elsewhere. A patch that does not
   * parse, is of another level than its base, copies entries the base lacks, or makes a node over
   * {@code maxBytes} is refused with a {@link MalformedNodeException}; the node made is not checked
   * yet (see {@link ProllyTree#checkNode}).
   */
  public static Rebuilt apply(StoredObject base, byte[] patch, int maxBytes) {
    Node from = NodeCodec.decode(base, Chunking.DEFAULT, false);
    ByteBuffer in = ByteBuffer.wrap(patch);
    try {
      int level = in.get() & 0xFF;
      if (level != from.level()) {
        throw new MalformedNodeException(
            base.hash(), "a patch of level " + level + " is applied to it");
      }
      Set<NodeLink> copied = new HashSet<>();
      long count = getNumber(in, base.hash());
      List<NodeEntry> entries = new ArrayList<>();
      long bytes = 12;
      for (long i = 0; i < count; i++) {
        int op = in.get();
        if (op == COPY) {
          long first = getNumber(in, base.hash());
          long length = getNumber(in, base.hash());
          if (first > from.entryCount() || length > from.entryCount() - first || length == 0) {
            throw new MalformedNodeException(
                base.hash(), "a patch copies entries it does not have");
          }
          for (int e = (int) first; e < first + length; e++) {
            entries.add(from.entry(e));
            NodeEntry entry = from.entry(e);
            copied.add(new NodeLink(entry.key(), entry.hash(), entry.count()));
            bytes += MIN_ENTRY_BYTES + from.entry(e).key().length() + 10;
          }
        } else if (op == ENTRY) {
          NodeEntry entry = getEntry(in, level, base.hash());
          entries.add(entry);
          bytes += MIN_ENTRY_BYTES + entry.key().length() + 10;
        } else {
          throw new MalformedNodeException(base.hash(), "a patch has an unknown operation " + op);
        }
        if (bytes > maxBytes + 64L) {
          throw new MalformedNodeException(
              base.hash(), "a patch on it makes a node over " + maxBytes + " bytes");
        }
      }
      if (in.hasRemaining()) {
        throw new MalformedNodeException(base.hash(), "bytes follow the last operation of a patch");
      }
      StoredObject node = NodeCodec.encode(level, entries);
      if (node.size() > maxBytes) {
        throw new MalformedNodeException(
            base.hash(), "a patch on it makes a node over " + maxBytes + " bytes");
      }
      return new Rebuilt(node, copied);
    } catch (BufferUnderflowException e) {
      throw new MalformedNodeException(base.hash(), "a patch on it is truncated");
    }
  }

  private static void putEntry(ByteArrayOutputStream out, NodeEntry entry, int level) {
    out.write(ENTRY);
    byte[] key = entry.key().getBytes(StandardCharsets.US_ASCII);
    putNumber(out, key.length);
    out.writeBytes(key);
    out.writeBytes(entry.hash().bytes());
    if (level > 0) {
      putNumber(out, entry.count());
    }
  }

  private static NodeEntry getEntry(ByteBuffer in, int level, Hash base) {
    long length = getNumber(in, base);
    if (length < 1 || length > 256) {
      throw new MalformedNodeException(base, "a patch has a key of " + length + " bytes");
    }
    byte[] key = new byte[(int) length];
    in.get(key);
    for (byte b : key) {
      if (b < 0x21 || b > 0x7E) {
        throw new MalformedNodeException(
            base, "a patch has a key with a byte outside printable ASCII");
      }
    }
    Hash hash = new Hash(in.getLong(), in.getLong(), in.getLong(), in.getLong());
    long below = level == 0 ? 1 : getNumber(in, base);
    return new NodeEntry(new String(key, StandardCharsets.US_ASCII), hash, below);
  }

  private static void putNumber(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static long getNumber(ByteBuffer in, Hash base) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new MalformedNodeException(base, "a patch has a number longer than 63 bits");
  }
}
