package dev.syncmesh.testing;

import java.util.List;
import java.util.Random;

/**
 * The random source of one {@link Seeds} case, with a few helpers for building values. Sizes and
 * numbers lean towards the edges (empty, one, the maximum, zero) as well as spreading evenly.
 *
 * <p>The same as protocol's {@code dev.syncmesh.protocol.testing.Gen}: modules do not share test
 * classes.
 */
public final class Gen extends Random {
  private static final long GOLDEN = 0x9e3779b97f4a7c15L;
  private final long seed;

  public Gen(long seed) {
    super(mix(seed + GOLDEN)); // neighbouring seeds would otherwise start out alike
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** A number from {@code min} to {@code max}, both included. */
  public int between(int min, int max) {
    return min + nextInt(max - min + 1);
  }

  /** True once in {@code n} times. */
  public boolean oneIn(int n) {
    return nextInt(n) == 0;
  }

  @SafeVarargs
  public final <T> T pick(T... choices) {
    return choices[nextInt(choices.length)];
  }

  public <T> T pick(List<T> choices) {
    return choices.get(nextInt(choices.size()));
  }

  public char pick(String alphabet) {
    return alphabet.charAt(nextInt(alphabet.length()));
  }

  /** A size from 0 to {@code max}: often 0, 1, {@code max} or small, otherwise even. */
  public int size(int max) {
    switch (nextInt(10)) {
      case 0:
        return 0;
      case 1:
        return Math.min(1, max);
      case 2:
        return max;
      case 3:
      case 4:
        return nextInt(Math.min(max, 8) + 1);
      default:
        return nextInt(max + 1);
    }
  }

  /** Any long, with the extremes and small numbers more often than evenly. */
  public long anyLong() {
    switch (nextInt(10)) {
      case 0:
        return pick(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, -Long.MAX_VALUE);
      case 1:
      case 2:
        return between(-1000, 1000);
      case 3:
        return nextInt();
      default:
        return nextLong();
    }
  }

  /** Up to {@code maxLength} characters of the alphabet. */
  public String string(int maxLength, String alphabet) {
    int length = size(maxLength);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(pick(alphabet));
    }
    return text.toString();
  }

  public byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    nextBytes(bytes);
    return bytes;
  }

  @Override
  public String toString() {
    return Long.toString(seed);
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
