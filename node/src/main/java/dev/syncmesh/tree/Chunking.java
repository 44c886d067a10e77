package dev.syncmesh.tree;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where chunks end. A key's rank is the number of whole groups of {@code bitsPerRank} leading zero
 * bits in SHA-256 of its text; a chunk of level {@code l} ends after a key of rank greater than
 * {@code l}. Production uses 6 bits (average fan-out 64); tests use fewer to grow deep trees from
 * few keys. Ranks stop at {@link #MAX_LEVEL}, so that level never cuts and a tree has at most
 * {@code MAX_LEVEL + 1} levels (64^10 keys before that matters).
 *
 * <p>A chunk also ends once its entries weigh {@code maxChunkWeight} (a key's bytes and a hash
 * each, {@link #weight}), counted from the chunk's first entry: keys chosen to have no boundary
 * (most keys have rank 0) would otherwise make one node of any size, and a node over the pack
 * limit could never be sent to another mesh. The weight resets at every boundary, so where chunks
 * end still depends only on the keys, in order: the same keys give the same tree whatever the
 * history. Honest chunks almost never reach the production weight (256 KiB: some 4,800 entries,
 * odds near e^-75 at fan-out 64).
 */
record Chunking(int bitsPerRank, long maxChunkWeight) {
  static final long DEFAULT_MAX_CHUNK_WEIGHT = 256 * 1024;
  static final Chunking DEFAULT = new Chunking(6);
  static final int MAX_LEVEL = 10;
  private static final int ENTRY_OVERHEAD = 2;
  /** Four entries of the longest keys (192 bytes). */
  static final long MIN_CHUNK_WEIGHT = 4 * (192 + 32 + ENTRY_OVERHEAD);

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  Chunking {
    if (bitsPerRank < 1 || bitsPerRank > 6) {
      throw new IllegalArgumentException("bits per rank must be 1 to 6, not " + bitsPerRank);
    }
    if (maxChunkWeight < MIN_CHUNK_WEIGHT) {
      // A chunk must hold several of the heaviest entries, or levels would not shrink.
      throw new IllegalArgumentException(
          "a chunk's weight must be at least " + MIN_CHUNK_WEIGHT + ", not " + maxChunkWeight);
    }
  }

  Chunking(int bitsPerRank) {
    this(bitsPerRank, DEFAULT_MAX_CHUNK_WEIGHT);
  }

  /** What an entry with this key adds to its chunk's weight: the key's bytes and a hash. */
  static long weight(String key) {
    return key.length() + dev.syncmesh.protocol.model.Hash.BYTES + ENTRY_OVERHEAD;
  }

  int rank(String key) {
    byte[] digest = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    long first = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      first = (first << 8) | (digest[i] & 0xFF);
    }
    return Math.min(Long.numberOfLeadingZeros(first) / bitsPerRank, MAX_LEVEL);
  }

  /** Whether a chunk of the given level ends after this key by the key's rank alone. */
  boolean endsChunk(String key, int level) {
    return rank(key) > level;
  }

  /**
   * Whether a chunk of the given level ends after this key, its entries weighing {@code
   * weightThrough} up to and including it.
   */
  boolean endsChunk(String key, int level, long weightThrough) {
    return level < MAX_LEVEL && (weightThrough >= maxChunkWeight || rank(key) > level);
  }
}
