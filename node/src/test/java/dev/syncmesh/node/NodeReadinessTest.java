package dev.syncmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.syncmesh.store.DatabaseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The node's readiness without an actor system: the API's bind, probes, their bound, the log. */
class NodeReadinessTest {
  private static final Duration BOUND = Duration.ofMillis(300);

  /** A check must answer within the bound; this much more is the scheduling of a loaded machine. */
  private static final Duration SLACK = Duration.ofSeconds(2);

  private final NodeReadiness readiness = new NodeReadiness(BOUND);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(NodeReadiness.class);

  @BeforeEach
  void captureLog() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logged);
    readiness.close();
  }

  @Test
  void notReadyUntilTheApiIsBoundThenReadyWhileEveryDatabaseAnswers() {
    AtomicBoolean journalUp = new AtomicBoolean(true);
    readiness.watch("journal's database", within -> {});
    readiness.watch(
        "object store's database",
        within -> {
          if (!journalUp.get()) {
            throw new DatabaseException("Communications link failure", null);
          }
        });

    assertThat(check()).isEqualTo(Readiness.notReady("the API server is not bound yet"));
    readiness.apiBound();
    assertThat(check().ready()).isTrue();

    journalUp.set(false);
    assertThat(check())
        .isEqualTo(
            Readiness.notReady(
                "the object store's database does not answer: Communications link failure"));
    assertThat(readiness.lastFailure())
        .hasValueSatisfying(r -> assertThat(r).contains("link failure"));
    journalUp.set(true);
    assertThat(check().ready()).isTrue();
    assertThat(readiness.lastFailure()).isEmpty();
  }

  @Test
  void aHangingDatabaseMakesTheNodeNotReadyWithinTheBoundAndHoldsOneThread() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger pings = new AtomicInteger();
    AtomicBoolean hang = new AtomicBoolean(true);
    readiness.watch(
        "journal's database",
        within -> {
          pings.incrementAndGet();
          if (hang.get()) {
            await(release);
          }
        });
    readiness.apiBound();

    long start = System.nanoTime();
    Readiness first = check();
    assertThat(elapsed(start)).isLessThan(BOUND.plus(SLACK));
    assertThat(first.ready()).isFalse();
    assertThat(first.reason()).isEqualTo("the journal's database did not answer within 300 ms");

    // Probes while the first validation still hangs wait for that one, never start their own.
    List<CompletableFuture<Readiness>> probes = new ArrayList<>();
    start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      probes.add(readiness.check().toCompletableFuture());
    }
    for (CompletableFuture<Readiness> probe : probes) {
      Readiness answer = probe.get(BOUND.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
      assertThat(answer.ready()).isFalse();
      assertThat(answer.reason()).startsWith("the journal's database has not answered for");
    }
    assertThat(elapsed(start)).isLessThan(BOUND.plus(SLACK));
    assertThat(pings).hasValue(1);

    hang.set(false);
    release.countDown();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!check().ready()) {
      assertThat(System.nanoTime())
          .as("ready once the database answers again")
          .isLessThan(deadline);
    }
    assertThat(pings.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void logsEachChangeOnceWithTheReasonNotEveryProbe() {
    AtomicBoolean up = new AtomicBoolean(true);
    readiness.watch(
        "journal's database",
        within -> {
          if (!up.get()) {
            throw new DatabaseException("Connection refused", null);
          }
        });
    check(); // not bound yet: starting up is not worth a warning
    readiness.apiBound();
    check();
    check();
    up.set(false);
    check();
    check();
    check();
    up.set(true);
    check();
    check();
    readiness.stopping();
    check();

    assertThat(logged.list)
        .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
        .containsExactly(
            "INFO ready: the API is bound and the database answers",
            "WARN not ready: the journal's database does not answer: Connection refused",
            "INFO ready again: the API is bound and the database answers",
            "INFO not ready: the node is stopping");
    assertThat(check()).isEqualTo(Readiness.notReady("the node is stopping"));
    assertThat(logged.list.stream().filter(e -> e.getLevel() == Level.WARN)).hasSize(1);
  }

  private Readiness check() {
    try {
      return readiness
          .check()
          .toCompletableFuture()
          .get(BOUND.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("the check did not answer within " + BOUND.plus(SLACK), e);
    }
  }

  private static Duration elapsed(long since) {
    return Duration.ofNanos(System.nanoTime() - since);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
