package dev.syncmesh.protocol.testing;

import java.util.function.Function;
import org.opentest4j.AssertionFailedError;

/**
 * What a failing {@link Seeds} case reports: its seed and how to replay it, then the smallest size
 * budget at which the same seed still fails, found by rerunning it at halving budgets.
 */
final class PropertyFailure {
  private PropertyFailure() {}

  /** A failure at a budget: the smallest that {@link #shrink} saw fail. */
  record Smaller(Gen gen, Throwable failure) {}

  /**
   * Reruns the seed of {@code failing} at half the largest bound it used, then halving again down
   * to 0, and answers the smallest budget whose case still fails, or null when none does. {@code
   * property} answers a case's failure, or null when it holds.
   */
  static Smaller shrink(Gen failing, Function<Gen, Throwable> property) {
    Smaller smallest = null;
    long budget = Math.min(failing.largestBound(), failing.budget()) / 2;
    while (budget >= 0) {
      Gen smaller = new Gen(failing.seed(), (int) budget);
      Throwable failure = property.apply(smaller);
      if (failure != null) {
        smallest = new Smaller(smaller, failure);
        budget = Math.min(budget, smaller.largestBound()); // a smaller case may ask for less
      }
      budget = budget == 0 ? -1 : budget / 2;
    }
    return smallest;
  }

  /**
   * The failure to report: the seed and the command that replays it first, then the smallest
   * failing size and its command, then the original message; expected and actual values are kept
   * and the smaller case's failure is attached as suppressed.
   */
  static AssertionFailedError report(
      String replay, Gen failing, Throwable failure, Smaller smaller) {
    StringBuilder message = new StringBuilder();
    message.append("seed ").append(failing.seed()).append(", replay: ").append(replay);
    message.append(" -Dsyncmesh.seed=").append(failing.seed());
    if (failing.budget() != Gen.UNBOUNDED) {
      message.append(" -Dsyncmesh.size=").append(failing.budget());
    }
    if (smaller == null) {
      message.append("\nno smaller size of this seed fails");
    } else {
      int size = smaller.gen().budget();
      message.append("\nsmallest size of this seed that fails: ").append(size);
      message.append(", replay: ").append(replay);
      message.append(" -Dsyncmesh.seed=").append(failing.seed());
      message.append(" -Dsyncmesh.size=").append(size);
      message.append("\n  at size ").append(size).append(": ").append(smaller.failure());
    }
    message.append("\n").append(failure);
    AssertionFailedError error =
        failure instanceof AssertionFailedError failed && failed.isExpectedDefined()
            ? new AssertionFailedError(
                message.toString(),
                failed.getExpected().getValue(),
                failed.getActual().getValue(),
                failure)
            : new AssertionFailedError(message.toString(), failure);
    if (smaller != null) {
      error.addSuppressed(smaller.failure());
    }
    return error;
  }
}
