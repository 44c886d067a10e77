package dev.syncmesh.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The harness itself: a deliberately false property is shrunk and reported with its seed. */
class PropertyFailureTest {
  private static final String REPLAY = "mvn -o -q -pl protocol test -Dtest=SomeTest#law";

  /** False whenever a string of up to 40 letters has three or more. */
  private static final Function<Gen, Throwable> SHORT_STRINGS =
      gen -> {
        String text = gen.string(40, "ab");
        return text.length() < 3
            ? null
            : new AssertionFailedError("too long: " + text, 2, text.length());
      };

  @Test
  void aFailureStartsWithItsSeedAndReplayAndReportsASmallerSizeThatStillFails() {
    Gen failing = firstFailing(SHORT_STRINGS);
    Throwable failure = SHORT_STRINGS.apply(new Gen(failing.seed()));

    PropertyFailure.Smaller smaller = PropertyFailure.shrink(failing, SHORT_STRINGS);
    AssertionFailedError report = PropertyFailure.report(REPLAY, failing, failure, smaller);

    int size = smaller.gen().budget();
    assertThat(size).isBetween(3, 20); // 40 halved at least once, and below 3 it holds
    assertThat(SHORT_STRINGS.apply(new Gen(failing.seed(), size))).isNotNull();
    String seed = " -Dsyncmesh.seed=" + failing.seed();
    assertThat(report.getMessage())
        .startsWith("seed " + failing.seed() + ", replay: " + REPLAY + seed + "\n")
        .contains("smallest size of this seed that fails: " + size)
        .contains(REPLAY + seed + " -Dsyncmesh.size=" + size)
        .endsWith(failure.toString());
    assertThat(report.getExpected().getValue()).isEqualTo(2);
    assertThat(report.getSuppressed()).hasSize(1);
  }

  @Test
  void aFailureNoSmallerSizeRepeatsSaysSo() {
    Function<Gen, Throwable> onlyWhole =
        gen -> gen.budget() == Gen.UNBOUNDED ? new AssertionError("whole") : null;
    Gen failing = new Gen(7);
    onlyWhole.apply(failing);
    failing.size(100);

    PropertyFailure.Smaller smaller = PropertyFailure.shrink(failing, onlyWhole);

    assertThat(smaller).isNull();
    AssertionFailedError report =
        PropertyFailure.report(REPLAY, failing, new AssertionError("whole"), null);
    assertThat(report.getMessage()).contains("no smaller size of this seed fails");
  }

  @Test
  void withinABudgetTheHelpersKeepWithinIt() {
    for (long seed = 1; seed <= 500; seed++) {
      for (int budget : new int[] {0, 1, 5}) {
        Gen gen = new Gen(seed, budget);
        assertThat(gen.size(27)).isBetween(0, budget);
        assertThat(gen.string(70, "xyz")).hasSizeLessThanOrEqualTo(budget);
        assertThat(gen.between(62, 65)).isBetween(62, 62 + budget);
        assertThat(gen.between(-1000, 1000)).isBetween(-budget, budget);
        assertThat(Math.abs(gen.anyLong())).isLessThanOrEqualTo(budget);
        assertThat(gen.depth(3)).isEqualTo(Math.min(3, budget));
      }
    }
  }

  private static Gen firstFailing(Function<Gen, Throwable> property) {
    return LongStream.rangeClosed(1, 1000)
        .mapToObj(Gen::new)
        .filter(gen -> property.apply(gen) != null)
        .findFirst()
        .orElseThrow();
  }
}
