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
 */
record Chunking(int bitsPerRank) {
  static final Chunking DEFAULT = new Chunking(6);
  static final int MAX_LEVEL = 10;

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
  }

  int rank(String key) {
    byte[] digest = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    long first = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      first = (first << 8) | (digest[i] & 0xFF);
    }
    return Math.min(Long.numberOfLeadingZeros(first) / bitsPerRank, MAX_LEVEL);
  }

  /** Whether a chunk of the given level ends after this key. */
  boolean endsChunk(String key, int level) {
    return rank(key) > level;
  }
}
