package dev.syncmesh.protocol.testing;

import java.util.List;
import java.util.Random;

/**
 * The random source of one {@link Seeds} case, with a few helpers for building values. Sizes and
 * numbers lean towards the edges (empty, one, the maximum, zero) as well as spreading evenly.
 *
 * <p>A Gen may have a size budget, which {@link Seeds} lowers to shrink a failing case: {@link
 * #size}, {@link #string}, {@link #between}, {@link #anyLong} and {@link #depth} then keep within
 * it. Without one ({@link #UNBOUNDED}) they draw exactly what they always drew, so a seed gives the
 * same case as before sizes existed. With one they make the same draws from the same random
 * stream, only folded into the budget, so a smaller case is mostly the same case made smaller.
 */
public final class Gen extends Random {
  /** No size budget: every helper draws from its whole range. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  private static final long GOLDEN = 0x9e3779b97f4a7c15L;
  private final long seed;
  private final int budget;
  private int largestBound;

  public Gen(long seed) {
    this(seed, UNBOUNDED);
  }

  /** The case of {@code seed} with sizes, lengths, depths and numbers at most {@code budget}. */
  public Gen(long seed, int budget) {
    super(mix(seed + GOLDEN)); // neighbouring seeds would otherwise start out alike
    if (budget < 0) {
      throw new IllegalArgumentException("a size budget is at least 0: " + budget);
    }
    this.seed = seed;
    this.budget = budget;
  }

  public long seed() {
    return seed;
  }

  public int budget() {
    return budget;
  }

  /**
   * The largest bound the helpers have been asked to keep within so far, after the budget: a
   * budget of this or more gives this case unchanged, so shrinking starts below it.
   */
  public int largestBound() {
    return largestBound;
  }

  /**
   * A number from {@code min} to {@code max}, both included. Within a budget, at most that far
   * from the number of the range nearest zero.
   */
  public int between(int min, int max) {
    int nearestZero = Math.max(min, Math.min(max, 0));
    long below = (long) nearestZero - min;
    long above = (long) max - nearestZero;
    int reach = bound(Math.max(below, above));
    if (budget == UNBOUNDED) {
      return min + nextInt(max - min + 1);
    }
    int low = (int) (nearestZero - Math.min(below, reach));
    int high = (int) (nearestZero + Math.min(above, reach));
    return low + nextInt(high - low + 1);
  }

  /** {@code max}, or the budget when that is smaller: how deep a recursive value may nest. */
  public int depth(int max) {
    return bound(max);
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
    max = bound(max);
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

  /**
   * Any long, with the extremes and small numbers more often than evenly. Within a budget, the
   * same number's remainder by one more than the budget.
   */
  public long anyLong() {
    long any;
    switch (nextInt(10)) {
      case 0:
        any = pick(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, -Long.MAX_VALUE);
        break;
      case 1:
      case 2:
        any = between(-1000, 1000);
        break;
      case 3:
        any = nextInt();
        break;
      default:
        any = nextLong();
    }
    int limit = bound(UNBOUNDED);
    return budget == UNBOUNDED ? any : any % (limit + 1L);
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
    return budget == UNBOUNDED ? Long.toString(seed) : seed + " at size " + budget;
  }

  /** {@code wanted}, or the budget when that is smaller; remembers the largest wanted. */
  private int bound(long wanted) {
    int asked = (int) Math.min(wanted, UNBOUNDED);
    largestBound = Math.max(largestBound, asked);
    return Math.min(asked, budget);
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
