package dev.syncmesh.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.federation.PackReceiver.Received;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.store.Database;
import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.Dialect;
import dev.syncmesh.store.JdbcObjectStore;
import dev.syncmesh.store.TestDatabases;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transfers between two databases (H2 and MariaDB), and the transfer benchmark: 100,000 records
 * cloned between two H2 stores, then 100 + 100 changes both ways.
 */
class PackTransferOnDatabaseTest {

  /** This thread's CPU time: embedded H2 works on the caller's thread, so it counts too. */
  private static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void cloneIncrementAndResumeBetweenTwoDatabases(Dialect dialect) {
    DatabaseSettings one = TestDatabases.fresh(dialect);
    DatabaseSettings two = TestDatabases.fresh(dialect);
    try (Database a = Database.open(one);
        Database b = Database.open(two)) {
      Side source = new Side(new JdbcObjectStore(a));
      Side target = new Side(new JdbcObjectStore(b, 0));
      Hash base = source.populate(5_000);
      Hash next = source.change(base, IntStream.range(0, 50).map(i -> i * 97), "-n");

      byte[] clone = source.pack(base, List.of());
      Received cut = target.receive(Arrays.copyOf(clone, clone.length / 2));
      assertThat(cut.failure().kind()).isEqualTo(PackFailure.Kind.TRUNCATED);
      Received rest =
          target.receive(source.pack(base, cut.commits(), cut.resume(), PackLimits.DEFAULT));
      assertThat(rest.complete()).isTrue();
      assertThat(target.isComplete(base, List.of())).isTrue();

      Received increment = target.receive(source.pack(next, List.of(base)));
      assertThat(increment.commits()).containsExactly(next);
      assertThat(increment.objectsReceived()).isLessThan(200);
      assertThat(target.isComplete(next, List.of(base))).isTrue();

      Side cold = new Side(new JdbcObjectStore(b, 0));
      assertThat(cold.trees.list(cold.tree(next), null, null, 10_000))
          .isEqualTo(source.trees.list(source.tree(next), null, null, 10_000));
      target.assertNothingDangles();
    } finally {
      TestDatabases.drop(one);
      TestDatabases.drop(two);
    }
  }

  @Test
  void benchmarkOneHundredThousandRecordsBetweenTwoH2Stores() {
    DatabaseSettings one = TestDatabases.h2InMemory();
    DatabaseSettings two = TestDatabases.h2InMemory();
    try (Database a = Database.open(one);
        Database b = Database.open(two)) {
      Side left = new Side(new JdbcObjectStore(a));
      Side right = new Side(new JdbcObjectStore(b));
      Hash base = left.populate(100_000);
      long raw = left.rawBytes(base);

      long t0 = System.nanoTime();
      long c0 = cpu();
      byte[] clone = left.pack(base, List.of());
      long t1 = System.nanoTime();
      long c1 = cpu();
      Received cloned = right.receive(clone);
      long t2 = System.nanoTime();
      long c2 = cpu();
      boolean complete = right.isComplete(base, List.of());
      long t3 = System.nanoTime();
      long c3 = cpu();
      assertThat(cloned.complete()).isTrue();
      assertThat(complete).isTrue();

      Hash ours = left.change(base, IntStream.range(0, 100).map(i -> i * 991), "-l");
      Hash theirs = right.change(base, IntStream.range(0, 100).map(i -> i * 991 + 500), "-r");
      long t4 = System.nanoTime();
      long c4 = cpu();
      byte[] toRight = left.pack(ours, List.of(base, theirs));
      long t5 = System.nanoTime();
      long c5 = cpu();
      Received atRight = right.receive(toRight);
      long t6 = System.nanoTime();
      long c6 = cpu();
      boolean rightComplete = right.isComplete(ours, List.of(base, theirs));
      long t7 = System.nanoTime();
      long c7 = cpu();
      byte[] toLeft = right.pack(theirs, List.of(base, ours));
      Received atLeft = left.receive(toLeft);
      boolean leftComplete = left.isComplete(theirs, List.of(base, ours));
      long t8 = System.nanoTime();
      long c8 = cpu();
      byte[] noop = left.pack(ours, List.of(ours, theirs));
      Received none = right.receive(noop);
      long t9 = System.nanoTime();
      long c9 = cpu();
      assertThat(atRight.complete() && atLeft.complete() && rightComplete && leftComplete).isTrue();
      assertThat(none.objectsReceived()).isZero();

      System.out.printf(
          "{\"records\":100000,\"rawBytes\":%d,\"cloneBytes\":%d,\"cloneObjects\":%d,"
              + "\"clonePackMs\":%d,\"cloneReceiveMs\":%d,\"cloneCheckMs\":%d,"
              + "\"syncObjects\":%d,\"syncBytes\":%d,\"syncMs\":%d,"
              + "\"oneWayPackMs\":%d,\"oneWayReceiveMs\":%d,\"oneWayCheckMs\":%d,"
              + "\"noopBytes\":%d,\"noopMs\":%d,\"cpuMs\":{\"clonePack\":%d,\"cloneReceive\":%d,"
              + "\"cloneCheck\":%d,\"sync\":%d,\"oneWayPack\":%d,\"oneWayReceive\":%d,"
              + "\"oneWayCheck\":%d,\"noop\":%d}}%n",
          raw,
          clone.length,
          cloned.objectsReceived(),
          ms(t0, t1),
          ms(t1, t2),
          ms(t2, t3),
          atRight.objectsReceived() + atLeft.objectsReceived(),
          toRight.length + toLeft.length,
          ms(t4, t8),
          ms(t4, t5),
          ms(t5, t6),
          ms(t6, t7),
          noop.length,
          ms(t8, t9),
          ms(c0, c1),
          ms(c1, c2),
          ms(c2, c3),
          ms(c4, c8),
          ms(c4, c5),
          ms(c5, c6),
          ms(c6, c7),
          ms(c8, c9));
      assertThat((long) clone.length).isLessThan(2 * raw);
      assertThat(toRight.length + toLeft.length).isLessThan(100 * 1024);
    } finally {
      TestDatabases.drop(one);
      TestDatabases.drop(two);
    }
  }
}
