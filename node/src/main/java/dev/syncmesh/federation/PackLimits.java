package dev.syncmesh.federation;

import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.ObjectKind;

/**
 * Bounds of a pack. Per object, from the node format: a blob is a record value (at most 1 MiB
 * canonical); a commit at most what commit decoding accepts (256 KiB); a tree node at most 1 MiB,
 * which holds at least 4,400 entries of the longest keys (an average node has 64 entries, about 4
 * KiB, and an honest chunk of 4,400 entries has odds near e^-70). Per pack: at most {@code
 * maxObjects} objects and {@code maxBytes} of object bytes; a writer stops there and says more
 * follows, a receiver refuses more. Per batch: the writer reads, and the receiver verifies and
 * stores, at most {@code batchObjects} objects or about {@code batchBytes} at a time, so neither
 * holds more than a batch of object bytes (plus, on the receiving side, a small index of what the
 * pack has brought). The first batches of a pack are smaller ({@value #FIRST_BATCH_OBJECTS}
 * objects, then twice as many each time, up to {@code batchObjects}): a small pack's objects are
 * then stored while the rest is still arriving, and its first bytes leave the writer early.
 */
public record PackLimits(int maxObjects, long maxBytes, int batchObjects, long batchBytes) {
  public static final int MAX_BLOB_BYTES = RecordValue.MAX_BYTES;
  public static final int MAX_NODE_BYTES = 1 << 20;
  public static final int MAX_COMMIT_BYTES = CommitGraph.MAX_ENCODED_BYTES;
  public static final int FIRST_BATCH_OBJECTS = 32;

  /**
   * 250,000 objects or 256 MiB per pack (a clone of 100,000 records fits), batches of 256 / 4 MiB.
   */
  public static final PackLimits DEFAULT = new PackLimits(250_000, 256L << 20, 256, 4L << 20);

  public PackLimits {
    if (maxObjects < 1 || batchObjects < 1 || batchBytes < 1) {
      throw new IllegalArgumentException("pack limits must be positive");
    }
    if (maxBytes < MAX_BLOB_BYTES) {
      throw new IllegalArgumentException(
          "a pack must be able to hold the largest object: " + maxBytes + " < " + MAX_BLOB_BYTES);
    }
  }

  /** The objects of a pack's batch after {@code batchesBefore} batches: the ramp, then the limit. */
  public int batchObjects(int batchesBefore) {
    int ramp = FIRST_BATCH_OBJECTS << Math.min(batchesBefore, 20);
    return Math.min(batchObjects, ramp);
  }

  public static int maxObjectBytes(ObjectKind kind) {
    return switch (kind) {
      case BLOB -> MAX_BLOB_BYTES;
      case NODE -> MAX_NODE_BYTES;
      case COMMIT -> MAX_COMMIT_BYTES;
    };
  }
}
