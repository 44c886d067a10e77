package dev.syncmesh.gc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collections on this node, one at a time: a request while one runs joins it. Keeps the latest
 * report (or failure) for {@code GET /api/gc}.
 */
public final class GcService {
  private static final Logger log = LoggerFactory.getLogger(GcService.class);

  /** Whether a collection runs now, and how the latest one ended (both null before the first). */
  public record Status(boolean running, GcReport last, String lastError) {}

  private final GarbageCollector collector;
  private final GcSettings settings;
  private final Executor blocking;
  private CompletableFuture<GcReport> current;
  private GcReport last;
  private String lastError;

  public GcService(GarbageCollector collector, GcSettings settings, Executor blocking) {
    this.collector = collector;
    this.settings = settings;
    this.blocking = blocking;
  }

  public GcSettings settings() {
    return settings;
  }

  /** Starts a collection, or joins the one running; completes with its report. */
  public synchronized CompletionStage<GcReport> collect() {
    if (current != null) {
      return current;
    }
    CompletableFuture<GcReport> run = new CompletableFuture<>();
    current = run;
    CompletableFuture.supplyAsync(() -> collector.collect(settings.grace()), blocking)
        .whenComplete(
            (report, error) -> {
              synchronized (this) {
                current = null;
                if (error == null) {
                  last = report;
                  lastError = null;
                } else {
                  Throwable cause = error.getCause() == null ? error : error.getCause();
                  lastError = cause.getMessage();
                  log.warn("garbage collection failed; nothing past its failure was deleted", cause);
                }
              }
              if (error == null) {
                run.complete(report);
              } else {
                run.completeExceptionally(error);
              }
            });
    return run;
  }

  public synchronized Status status() {
    return new Status(current != null, last, lastError);
  }
}
