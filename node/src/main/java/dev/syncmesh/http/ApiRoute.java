package dev.syncmesh.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The API server's one route: the features' routes mounted under {@code /api}, behind the API
 * token when one is configured, and their root routes (the federation API, which checks tokens of
 * its own), sealed so that every failure (anywhere on the server) answers as a problem. Without a
 * token, the {@link BrowserGuard} keeps web pages from using the node.
 */
public final class ApiRoute {
  private static final String BEARER = "bearer ";

  private ApiRoute() {}

  /**
   * @param featureRoutes routes relative to {@code /api} (e.g. {@code path("peers", ...)})
   * @param rootRoutes routes relative to the server's root, not behind the API token
   * @param apiToken when present, every {@code /api} request must carry it as a bearer token;
   *     when absent, every request passes {@code browsers} first
   * @param maxBodyBytes the largest body an {@code /api} request may have
   */
  public static Route create(
      List<Route> featureRoutes,
      List<Route> rootRoutes,
      Optional<ApiToken> apiToken,
      BrowserGuard browsers,
      long maxBodyBytes) {
    Route api = concat(featureRoutes);
    Route root = concat(rootRoutes);
    Supplier<Route> served =
        () ->
            Directives.concat(
                Directives.pathPrefix(
                    "api", () -> bodyLimit(maxBodyBytes, () -> requireToken(apiToken, () -> api))),
                root);
    return Directives.withRequestTimeoutResponse(
        ApiErrors::timeout,
        () ->
            Directives.handleExceptions(
                ApiErrors.exceptionHandler(),
                () ->
                    Directives.handleRejections(
                        ApiErrors.rejectionHandler(),
                        () -> apiToken.isPresent() ? served.get() : browsers.guard(served))));
  }

  /**
   * The management server's route: Pekko Management's routes, those that change the cluster (any
   * method but GET and HEAD) behind the API token, and without a token, behind {@code browsers}.
   */
  public static Route management(Route routes, Optional<ApiToken> apiToken, BrowserGuard browsers) {
    Supplier<Route> served =
        () ->
            Directives.extractMethod(
                method ->
                    method.value().equals("GET") || method.value().equals("HEAD")
                        ? routes
                        : requireToken(apiToken, () -> routes));
    return Directives.handleRejections(
        ApiErrors.rejectionHandler(),
        () -> apiToken.isPresent() ? served.get() : browsers.guard(served));
  }

  /**
   * The API's body limit, answered so that the client hears it: a body declared larger than the
   * limit is read to its end and dropped (up to the server's parsing limit, 64 MiB), and only then
   * answered 413 with the connection closed; answering first would close the socket on unread
   * bytes, which resets the connection before the client reads the answer. A body of unknown
   * length is cut off at the limit as it is read.
   */
  static Route bodyLimit(long maxBytes, Supplier<Route> inner) {
    return Directives.extractRequestEntity(
        entity -> {
          if (streamed(entity)) {
            return inner.get(); // an import streams: its own route bounds what it holds
          }
          OptionalLong length = entity.getContentLengthOption();
          if (length.isEmpty() || length.getAsLong() <= maxBytes) {
            // Read the whole body before the route: a route that answers without reading it (a
            // POST whose body is "{}") would otherwise make the server close the connection
            // after its answer, and a client reusing the connection would see it closed.
            return Directives.withSizeLimit(
                maxBytes,
                () ->
                    entity.isKnownEmpty()
                        ? inner.get()
                        : Directives.toStrictEntity(STRICT_BODY_TIMEOUT, inner));
          }
          return Directives.extractMaterializer(
              materializer ->
                  Directives.onComplete(
                      entity.discardBytes(materializer).completionStage(),
                      drained ->
                          Directives.respondWithHeader(
                              Connection.create("close"),
                              () -> ApiErrors.payloadTooLarge(maxBytes).complete())));
        });
  }

  /** How long a JSON body may take to arrive, read whole before the route runs. */
  private static final java.time.Duration STRICT_BODY_TIMEOUT = java.time.Duration.ofSeconds(30);

  /** The media type of bodies read as a stream of lines (imports), not whole. */
  static final String STREAMED = "application/x-ndjson";

  private static boolean streamed(org.apache.pekko.http.javadsl.model.HttpEntity entity) {
    return entity.getContentType().mediaType().toString().equals(STREAMED);
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
