package dev.syncmesh.http;

import dev.syncmesh.gc.GcReport;
import dev.syncmesh.gc.GcService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Garbage collection (docs/API.md): {@code POST /gc} runs one on this node (or joins the one
 * running) and answers its report, or 202 with {@code "running": true} if it takes longer than
 * the wait; {@code GET /gc} says whether one runs and how the latest ended.
 */
public final class GcRoutes extends AllDirectives {
  private final GcService gc;
  private final Duration wait;

  public GcRoutes(GcService gc, Duration wait) {
    this.gc = gc;
    this.wait = wait;
  }

  public Route route() {
    return path(
        "gc",
        () ->
            concat(
                get(() -> Json.ok(gc.status())),
                post(() -> entity(Unmarshaller.entityToString(), this::collect))));
  }

  private Route collect(String body) {
    if (!body.isBlank() && !body.strip().equals("{}")) {
      return Problem.of(
              StatusCodes.BAD_REQUEST,
              Problem.INVALID_REQUEST,
              "POST /gc takes no settings: send no body, or {}")
          .complete();
    }
    return onSuccess(
        gc.collect()
            .toCompletableFuture()
            .copy()
            .completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS),
        this::answer);
  }

  private Route answer(GcReport report) {
    if (report == null) {
      return respondWithHeader(
          Location.create("/api/gc"),
          () -> Json.complete(StatusCodes.ACCEPTED, gc.status()));
    }
    return Json.ok(report);
  }
}
