package dev.syncmesh.gc;

import dev.syncmesh.protocol.model.Hash;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An exact set of hashes, 32 bytes a slot in one flat array (open addressing, linear probing):
 * about 46 bytes per hash at most, against some 130 for a {@code HashSet<Hash>}, and no object per
 * entry for the collector to trace. Exact, unlike a Bloom filter: the walk skips what is marked, so a
 * false "marked" would leave a reachable subtree unmarked. It grows by doubling, never past {@code
 * maxBytes}: past it, {@link #add} throws {@link Full} and the collection stops before it deleted
 * anything. Not thread-safe.
 */
final class MarkSet {
  /** The set would need more memory than it may take. */
  static final class Full extends RuntimeException {
    Full(String message) {
      super(message);
    }
  }

  private static final int WORDS = 4;
  private static final double LOAD = 0.7;
  private static final int FIRST_SLOTS = 1 << 10;

  private final long maxBytes;
  private final long seed = ThreadLocalRandom.current().nextLong();
  private long[] slots;
  private int mask;
  private long size;
  /** The all-zero hash marks an empty slot, so it is kept aside. */
  private boolean hasZero;

  MarkSet(long maxBytes) {
    this.maxBytes = maxBytes;
    allocate(FIRST_SLOTS);
  }

  /** Adds {@code hash}; false if it was there already. */
  boolean add(Hash hash) {
    if (isZero(hash)) {
      boolean added = !hasZero;
      hasZero = true;
      size += added ? 1 : 0;
      return added;
    }
    if (size + 1 > (long) ((mask + 1) * LOAD)) {
      grow();
    }
    if (!insert(slots, hash)) {
      return false;
    }
    size++;
    return true;
  }

  boolean contains(Hash hash) {
    if (isZero(hash)) {
      return hasZero;
    }
    for (int slot = index(hash); ; slot = (slot + 1) & mask) {
      int at = slot * WORDS;
      if (empty(slots, at)) {
        return false;
      }
      if (equal(slots, at, hash)) {
        return true;
      }
    }
  }

  long size() {
    return size;
  }

  /** The bytes the set's array takes now. */
  long bytes() {
    return (long) slots.length * Long.BYTES;
  }

  private void grow() {
    int newSlots = (mask + 1) * 2;
    long newBytes = (long) newSlots * WORDS * Long.BYTES;
    if (newSlots <= 0 || newBytes > maxBytes) {
      throw new Full(
          "marking more than "
              + size
              + " reachable objects would take "
              + newBytes
              + " bytes, more than the "
              + maxBytes
              + " bytes garbage collection may use (syncmesh.gc.max-mark-memory)");
    }
    long[] old = slots;
    allocate(newSlots);
    for (int at = 0; at < old.length; at += WORDS) {
      if (!empty(old, at)) {
        insert(slots, new Hash(old[at], old[at + 1], old[at + 2], old[at + 3]));
      }
    }
  }

  private void allocate(int slotCount) {
    slots = new long[slotCount * WORDS];
    mask = slotCount - 1;
  }

  private boolean insert(long[] slots, Hash hash) {
    for (int slot = index(hash); ; slot = (slot + 1) & mask) {
      int at = slot * WORDS;
      if (empty(slots, at)) {
        slots[at] = hash.w0();
        slots[at + 1] = hash.w1();
        slots[at + 2] = hash.w2();
        slots[at + 3] = hash.w3();
        return true;
      }
      if (equal(slots, at, hash)) {
        return false;
      }
    }
  }

  /**
   * The slot: a hash's words mixed with this run's random seed (a finaliser of SplitMix64), so that
   * a sender who grinds objects whose hashes share their low bits cannot make the probes long.
   */
  private int index(Hash hash) {
    long word = hash.w0() ^ Long.rotateLeft(hash.w1(), 17) ^ seed;
    word = (word ^ (word >>> 30)) * 0xbf58476d1ce4e5b9L;
    word = (word ^ (word >>> 27)) * 0x94d049bb133111ebL;
    return (int) (word ^ (word >>> 31)) & mask;
  }

  private static boolean empty(long[] slots, int at) {
    return slots[at] == 0 && slots[at + 1] == 0 && slots[at + 2] == 0 && slots[at + 3] == 0;
  }

  private static boolean equal(long[] slots, int at, Hash hash) {
    return slots[at] == hash.w0()
        && slots[at + 1] == hash.w1()
        && slots[at + 2] == hash.w2()
        && slots[at + 3] == hash.w3();
  }

  private static boolean isZero(Hash hash) {
    return hash.w0() == 0 && hash.w1() == 0 && hash.w2() == 0 && hash.w3() == 0;
  }
}
