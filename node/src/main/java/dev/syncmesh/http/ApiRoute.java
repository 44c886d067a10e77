package dev.syncmesh.http;

import dev.syncmesh.store.Durability;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The API server's one route: the features' routes mounted under {@code /api}, behind the API
 * token when one is configured, and their root routes (the federation API, which checks tokens of
 * its own), sealed so that every failure (anywhere on the server) answers as a problem. A request
 * that may change something (any method but GET, HEAD and OPTIONS) is answered only once what it
 * committed is durable.
 */
public final class ApiRoute {
  private static final String BEARER = "bearer ";
  private static final Set<String> READ_ONLY = Set.of("GET", "HEAD", "OPTIONS");

  private ApiRoute() {}

  /**
   * @param featureRoutes routes relative to {@code /api} (e.g. {@code path("peers", ...)})
   * @param rootRoutes routes relative to the server's root, not behind the API token
   * @param apiToken when present, every {@code /api} request must carry it as a bearer token
   * @param durability when what a request committed survives {@code kill -9}
   */
  public static Route create(
      List<Route> featureRoutes,
      List<Route> rootRoutes,
      Optional<ApiToken> apiToken,
      Durability durability) {
    Route api = concat(featureRoutes);
    Route root = concat(rootRoutes);
    return Directives.withRequestTimeoutResponse(
        ApiErrors::timeout,
        () ->
            Directives.handleExceptions(
                ApiErrors.exceptionHandler(),
                () ->
                    Directives.handleRejections(
                        ApiErrors.rejectionHandler(),
                        () ->
                            acknowledgeDurably(
                                durability,
                                () ->
                                    Directives.concat(
                                        Directives.pathPrefix(
                                            "api", () -> requireToken(apiToken, () -> api)),
                                        root)))));
  }

  /**
   * Holds the answer to a request that may have changed something until every commit made before
   * it is durable: an acknowledged change is never lost, while the commits themselves do not each
   * wait for the disk. A failed flush fails the request (a 500 problem).
   */
  static Route acknowledgeDurably(Durability durability, Supplier<Route> inner) {
    return Directives.extractMethod(
        method ->
            READ_ONLY.contains(method.name())
                ? inner.get()
                : Directives.mapRouteResultFuture(
                    result ->
                        result.thenCompose(done -> durability.flushed().thenApply(flushed -> done)),
                    inner));
  }

  private static Route concat(List<Route> routes) {
    return routes.isEmpty()
        ? Directives.reject()
        : Directives.concat(
            routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new));
  }

  /** Lets the request through only with {@code Authorization: Bearer <token>}, when a token is set. */
  public static Route requireToken(Optional<ApiToken> token, Supplier<Route> inner) {
    if (token.isEmpty()) {
      return inner.get();
    }
    return Directives.optionalHeaderValueByName(
        "Authorization",
        header -> {
          Optional<String> presented = header.flatMap(ApiRoute::bearerToken);
          if (presented.isEmpty()) {
            return unauthorized("this API needs the header Authorization: Bearer <token>");
          }
          if (!token.get().matches(presented.get())) {
            return unauthorized("the bearer token is not valid");
          }
          return inner.get();
        });
  }

  /** The token of an {@code Authorization: Bearer <token>} header value, if it is one. */
  public static Optional<String> bearerToken(String authorization) {
    if (authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(BEARER.length()).trim());
  }

  private static Route unauthorized(String detail) {
    return Directives.respondWithHeader(
        WWWAuthenticate.create(HttpChallenge.create("Bearer", "syncmesh")),
        () -> Problem.of(StatusCodes.UNAUTHORIZED, Problem.UNAUTHORIZED, detail).complete());
  }
}
