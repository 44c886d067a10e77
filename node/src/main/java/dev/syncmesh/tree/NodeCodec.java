package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of a tree node:
 *
 * <pre>
 * format   1 byte, 1
 * level    1 byte, 0 for a leaf, at most Chunking.MAX_LEVEL
 * count    unsigned LEB128, the number of entries
 * entries  key length (LEB128), key (UTF-8; record keys are ASCII), 32-byte hash,
 *          and in internal nodes only the number of records below the child (LEB128)
 * </pre>
 *
 * Every node has exactly one encoding: decoding refuses overlong numbers, keys out of order and
 * chunk boundaries anywhere but after the last entry (a key of high rank, or the chunk's weight
 * reached: {@link Chunking}), so equal content always has equal hashes.
 */
final class NodeCodec {
  static final int FORMAT = 1;
  private static final int MAX_KEY_BYTES = 192;
  private static final int MIN_ENTRY_BYTES = 1 + 3 + Hash.BYTES;

  private NodeCodec() {}

  static StoredObject encode(int level, List<NodeEntry> entries) {
    int capacity = 2 + 10;
    for (NodeEntry entry : entries) {
      capacity += 2 + entry.key().length() + Hash.BYTES + 10;
    }
    ByteBuffer out = ByteBuffer.allocate(capacity);
    out.put((byte) FORMAT).put((byte) level);
    putNumber(out, entries.size());
    for (NodeEntry entry : entries) {
      byte[] key = entry.key().getBytes(StandardCharsets.UTF_8);
      putNumber(out, key.length);
      out.put(key);
      Hash hash = entry.hash();
      out.putLong(hash.w0()).putLong(hash.w1()).putLong(hash.w2()).putLong(hash.w3());
      if (level > 0) {
        putNumber(out, entry.count());
      }
    }
    return StoredObject.of(ObjectKind.NODE, Arrays.copyOf(out.array(), out.position()));
  }

  /** Decodes a node and checks every rule: for nodes from elsewhere, such as another mesh. */
  static Node decode(StoredObject object, Chunking chunking) {
    return decode(object, chunking, true);
  }

  /**
   * Decodes a node; {@code checkKeys} false skips the per-key checks (key syntax, chunk
   * boundaries), which cost a SHA-256 and a parse per entry. Only nodes this node's own store
   * holds may skip them: they were checked, or built, before they were stored.
   */
  static Node decode(StoredObject object, Chunking chunking, boolean checkKeys) {
    Hash hash = object.hash();
    if (object.kind() != ObjectKind.NODE) {
      throw new MalformedNodeException(hash, "it is a " + object.kind() + " object, not a node");
    }
    ByteBuffer in = ByteBuffer.wrap(object.data());
    try {
      int format = in.get() & 0xFF;
      if (format != FORMAT) {
        throw new MalformedNodeException(hash, "format " + format + " is not supported");
      }
      int level = in.get() & 0xFF;
      if (level > Chunking.MAX_LEVEL) {
        throw new MalformedNodeException(hash, "level " + level + " is above the highest level");
      }
      long count = getNumber(in, hash);
      if (count > in.remaining() / MIN_ENTRY_BYTES) {
        throw new MalformedNodeException(
            hash, count + " entries cannot fit in " + in.remaining() + " bytes");
      }
      if (count == 0 && level > 0) {
        throw new MalformedNodeException(hash, "an internal node has no entries");
      }
      NodeEntry[] entries = new NodeEntry[(int) count];
      long weight = 0;
      for (int i = 0; i < entries.length; i++) {
        String key = getKey(in, hash, checkKeys);
        if (i > 0 && key.compareTo(entries[i - 1].key()) <= 0) {
          throw new MalformedNodeException(hash, "keys are not in increasing order at " + key);
        }
        weight += Chunking.weight(key);
        if (checkKeys && i < entries.length - 1 && chunking.endsChunk(key, level, weight)) {
          throw new MalformedNodeException(
              hash, "key " + key + " ends a chunk (by its rank or the chunk's weight) but is not last");
        }
        Hash target = new Hash(in.getLong(), in.getLong(), in.getLong(), in.getLong());
        long below = level == 0 ? 1 : getNumber(in, hash);
        if (below < 1) {
          throw new MalformedNodeException(hash, "the child at " + key + " holds no records");
        }
        entries[i] = new NodeEntry(key, target, below);
      }
      if (in.hasRemaining()) {
        throw new MalformedNodeException(hash, in.remaining() + " bytes follow the last entry");
      }
      return new Node(level, entries, hash);
    } catch (BufferUnderflowException e) {
      throw new MalformedNodeException(hash, "it is truncated");
    } catch (ArithmeticException e) {
      throw new MalformedNodeException(hash, "its record count overflows");
    }
  }

  private static String getKey(ByteBuffer in, Hash hash, boolean check) {
    long length = getNumber(in, hash);
    if (length < 3 || length > MAX_KEY_BYTES) {
      throw new MalformedNodeException(hash, "a key of " + length + " bytes cannot be valid");
    }
    byte[] bytes = new byte[(int) length];
    in.get(bytes);
    if (!check) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    for (byte b : bytes) {
      if (b < 0x21 || b > 0x7E) {
        throw new MalformedNodeException(hash, "a key holds a byte outside printable ASCII");
      }
    }
    String key = new String(bytes, StandardCharsets.US_ASCII);
    try {
      RecordKey.parse(key);
    } catch (InvalidInputException e) {
      throw new MalformedNodeException(hash, e.getMessage());
    }
    return key;
  }

  private static void putNumber(ByteBuffer out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  private static long getNumber(ByteBuffer in, Hash hash) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        if (b == 0 && shift > 0) {
          throw new MalformedNodeException(hash, "a number is encoded with extra bytes");
        }
        return value;
      }
    }
    throw new MalformedNodeException(hash, "a number is longer than 63 bits");
  }
}
