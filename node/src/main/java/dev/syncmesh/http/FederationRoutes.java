package dev.syncmesh.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.PeerName;
import dev.syncmesh.remote.FederationService;
import dev.syncmesh.remote.FederationService.Caller;
import dev.syncmesh.remote.FederationWire.FetchRequest;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The federation API, {@code /federation/v1/peers/{peer}/...}: {@code head}, {@code fetch} (a JSON
 * request, a pack streamed back) and {@code push} (a pack streamed in, the heads as query
 * parameters). Every call needs a token of {@code SYNCMESH_TOKENS} as a bearer token (401
 * otherwise); what it may do is the peer's access list's business (403). Not behind the API token:
 * another mesh has no business holding it.
 */
public final class FederationRoutes extends AllDirectives {
  private static final ContentType PACK =
      MediaTypes.customBinary("application", "vnd.syncmesh.pack", false).toContentType();

  private final FederationService federation;
  private final long maxRequestBytes;

  public FederationRoutes(FederationService federation, long maxRequestBytes) {
    this.federation = federation;
    this.maxRequestBytes = maxRequestBytes;
  }

  public Route route() {
    return pathPrefix(
        "federation",
        () ->
            pathPrefix(
                "v1",
                () ->
                    authenticated(
                        caller ->
                            pathPrefix(
                                "peers",
                                () ->
                                    pathPrefix(
                                        segment(), name -> peer(PeerName.of(name), caller))))));
  }

  private Route peer(PeerName peer, Caller caller) {
    return concat(
        path("head", () -> get(() -> onSuccess(federation.head(peer, caller), Json::ok))),
        path(
            "fetch",
            () ->
                post(
                    () ->
                        withSizeLimit(
                            maxRequestBytes,
                            () ->
                                entity(
                                    Json.unmarshaller(FetchRequest.class),
                                    request ->
                                        onSuccess(
                                            federation.fetch(peer, caller, request),
                                            pack ->
                                                complete(
                                                    HttpResponse.create()
                                                        .withEntity(
                                                            HttpEntities.createChunked(
                                                                PACK, pack)))))))),
        path(
            "push",
            () ->
                post(
                    () ->
                        parameterOptional(
                            "expected",
                            expected ->
                                parameter(
                                    "head",
                                    head ->
                                        extractRequestEntity(
                                            entity ->
                                                onSuccess(
                                                    federation.push(
                                                        peer,
                                                        caller,
                                                        expected.map(Hash::parse).orElse(null),
                                                        Hash.parse(head),
                                                        entity.withoutSizeLimit().getDataBytes()),
                                                    reply ->
                                                        Json.complete(
                                                            reply.complete()
                                                                ? StatusCodes.OK
                                                                : StatusCodes.ACCEPTED,
                                                            reply))))))));
  }

  private Route authenticated(Function<Caller, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          Optional<String> presented = header.flatMap(ApiRoute::bearerToken);
          if (presented.isEmpty()) {
            return unauthorized("the federation API needs the header Authorization: Bearer <token>");
          }
          return federation
              .authenticate(presented.get())
              .map(inner)
              .orElseGet(() -> unauthorized("the bearer token is not one this node accepts"));
        });
  }

  private Route unauthorized(String detail) {
    return respondWithHeader(
        WWWAuthenticate.create(HttpChallenge.create("Bearer", "syncmesh-federation")),
        () -> Problem.of(StatusCodes.UNAUTHORIZED, Problem.UNAUTHORIZED, detail).complete());
  }
}
