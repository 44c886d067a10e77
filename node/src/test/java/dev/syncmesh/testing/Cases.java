package dev.syncmesh.testing;

import org.opentest4j.AssertionFailedError;

/** Explicit small cases checked in a loop: a failure names its case. */
public final class Cases {
  private Cases() {}

  public static void check(Object what, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionFailedError("case " + what + ": " + e, e);
    }
  }
}
