package dev.syncmesh.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Times every request a server answers, as {@code syncmesh_http_requests_seconds} by server,
 * method, route and status. The route is the path with every segment that is not a word of the
 * API's routes (a peer's name, a record's key, a hash) written {@code *}, so that the number of
 * series stays bounded whatever callers send: {@code /api/peers/ * /records/ * / *}.
 */
public final class RequestMetrics {
  private static final Set<String> ROUTE_WORDS =
      Set.of(
          "api", "abort", "access", "autocommit", "changes", "cluster", "commit", "conflicts",
          "diff", "export", "federation", "fetch", "gc", "head", "history", "import", "log",
          "merge", "merge-rules", "openapi.json", "peers", "pull", "push", "records", "remotes",
          "resolve", "sessions", "status", "sync", "transactions", "v1", "working-set");
  private static final int MAX_SEGMENTS = 6;

  private RequestMetrics() {}

  public static Route measured(MeterRegistry registry, String server, Route inner) {
    return Directives.extractRequest(
        request -> {
          long started = System.nanoTime();
          String method = request.method().value();
          String route = route(request.getUri().path());
          return Directives.mapResponse(
              response -> {
                Timer.builder("syncmesh_http_requests")
                    .description("Requests answered, by server, method, route and status")
                    .tags(
                        "server", server,
                        "method", method,
                        "route", route,
                        "status", Integer.toString(response.status().intValue()))
                    .register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                return response;
              },
              () -> inner);
        });
  }

  /** The path's route: words of the API kept, anything else {@code *}, at most six segments. */
  static String route(String path) {
    StringBuilder route = new StringBuilder();
    int segments = 0;
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (++segments > MAX_SEGMENTS) {
        route.append("/...");
        break;
      }
      route.append('/').append(ROUTE_WORDS.contains(segment) ? segment : "*");
    }
    return route.length() == 0 ? "/" : route.toString();
  }
}
