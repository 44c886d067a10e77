package dev.syncmesh.node;

import dev.syncmesh.store.Database;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can serve its API: the API server is bound and every database the node watches
 * answers a validation query within {@link #DATABASE_BOUND}. One per actor system: {@link
 * SyncMeshNode} watches the journal's pool and marks the API bound, a feature may watch its own
 * pool, and {@link ReadinessCheck} hands the answer to Pekko Management's {@code /ready}.
 *
 * <p>The queries block, so they run on a thread of their own, one validation at a time: a check
 * that comes while one is still running waits for that one (never longer than the bound), so a
 * database that hangs holds one thread, however often the node is probed. A change from ready to
 * not ready is logged once, with the reason, and so is the way back.
 */
public final class NodeReadiness implements Extension {
  /** Pekko Management gives a check 3 s in all ({@code management.conf}); this answers before. */
  static final Duration DATABASE_BOUND = Duration.ofSeconds(2);

  public static final Id ID = new Id();

  private static final Logger log = LoggerFactory.getLogger(NodeReadiness.class);

  /** A database the node needs: returns once it answers, fails with the reason when it does not. */
  @FunctionalInterface
  public interface DatabaseProbe {
    void ping(Duration within);
  }

  private record Watched(String name, DatabaseProbe probe) {}

  private record Validation(CompletableFuture<Readiness> result, long startedAt) {}

  private final Duration bound;
  private final ExecutorService validating;
  private final List<Watched> databases = new CopyOnWriteArrayList<>();
  private final AtomicReference<Validation> inFlight = new AtomicReference<>();
  private volatile boolean apiBound;
  private volatile boolean stopping;
  private volatile String probing = "database";
  private Readiness last; // guarded by this; null before the first check
  private boolean everReady; // guarded by this

  NodeReadiness(Duration bound) {
    this.bound = bound;
    this.validating =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "syncmesh-readiness");
              thread.setDaemon(true);
              return thread;
            });
  }

  public static NodeReadiness get(ClassicActorSystemProvider system) {
    return ID.get(system.classicSystem());
  }

  /** Makes readiness depend on {@code probe}, named in the reasons as "the {@code name}". */
  public void watch(String name, DatabaseProbe probe) {
    databases.add(new Watched(name, probe));
  }

  /** Makes readiness depend on {@code database} answering. */
  public void watch(String name, Database database) {
    watch(name, database::ping);
  }

  /** The API server accepts connections. */
  void apiBound() {
    apiBound = true;
  }

  /** The node is shutting down: not ready from now on, before the servers unbind. */
  synchronized void stopping() {
    stopping = true;
    if (last != null && last.ready()) {
      log.info("not ready: the node is stopping");
    }
    last = Readiness.notReady("the node is stopping");
  }

  /** Whether the node is ready now; completes within about {@link #DATABASE_BOUND}. */
  public CompletionStage<Readiness> check() {
    if (stopping) {
      return CompletableFuture.completedFuture(record(Readiness.notReady("the node is stopping")));
    }
    if (!apiBound) {
      return CompletableFuture.completedFuture(
          record(Readiness.notReady("the API server is not bound yet")));
    }
    Validation validation = currentOrStart();
    long left = bound.toNanos() - (System.nanoTime() - validation.startedAt());
    if (left <= 0) {
      long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - validation.startedAt());
      return CompletableFuture.completedFuture(
          record(Readiness.notReady("the " + probing + " has not answered for " + waited + " s")));
    }
    return validation
        .result()
        .copy()
        .completeOnTimeout(null, left, TimeUnit.NANOSECONDS)
        .thenApply(answer -> record(answer != null ? answer : timedOut()));
  }

  private Readiness timedOut() {
    return Readiness.notReady(
        "the " + probing + " did not answer within " + bound.toMillis() + " ms");
  }

  /** Why the last check found the node not ready; empty when it found it ready (or none ran). */
  public synchronized Optional<String> lastFailure() {
    return last == null || last.ready() ? Optional.empty() : Optional.of(last.reason());
  }

  void close() {
    validating.shutdownNow();
  }

  private Validation currentOrStart() {
    while (true) {
      Validation current = inFlight.get();
      if (current != null && !current.result().isDone()) {
        return current;
      }
      Validation next = new Validation(new CompletableFuture<>(), System.nanoTime());
      if (inFlight.compareAndSet(current, next)) {
        try {
          validating.execute(() -> next.result().complete(validate()));
        } catch (RejectedExecutionException e) {
          next.result().complete(Readiness.notReady("the node is stopping"));
        }
        return next;
      }
    }
  }

  private Readiness validate() {
    // Less than the bound, so that a probe's own reason (the pool's, the driver's) comes first.
    Duration within = bound.multipliedBy(3).dividedBy(4);
    for (Watched database : databases) {
      probing = database.name();
      try {
        database.probe().ping(within);
      } catch (RuntimeException e) {
        return Readiness.notReady("the " + database.name() + " does not answer: " + e.getMessage());
      }
    }
    return Readiness.READY;
  }

  private synchronized Readiness record(Readiness now) {
    if (stopping) {
      return last;
    }
    boolean wasReady = last != null && last.ready();
    if (now.ready() && !wasReady) {
      log.info(everReady ? "ready again: {}" : "ready: {}", now.reason());
      everReady = true;
    } else if (!now.ready() && wasReady) {
      log.warn("not ready: {}", now.reason());
    }
    last = now;
    return now;
  }

  /** The extension's id: one {@link NodeReadiness} per actor system. */
  public static final class Id extends AbstractExtensionId<NodeReadiness>
      implements ExtensionIdProvider {
    private Id() {}

    @Override
    public NodeReadiness createExtension(ExtendedActorSystem system) {
      NodeReadiness readiness = new NodeReadiness(DATABASE_BOUND);
      system.registerOnTermination(readiness::close);
      return readiness;
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
