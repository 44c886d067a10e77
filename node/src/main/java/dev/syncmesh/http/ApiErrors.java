package dev.syncmesh.http;

import dev.syncmesh.peer.PeerError;
import dev.syncmesh.peer.PeerException;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.remote.FederationRefusal;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.MissingQueryParamRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.javadsl.server.ValidationRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure of an API request into a problem: exceptions (bad input, a peer's or a
 * federation call's refusal, oversized bodies, timeouts, bugs) and rejections (no such route, wrong
 * method, wrong media type, bad body or parameter). Unexpected exceptions are logged here with their
 * stack trace; the client only learns that something went wrong.
 */
final class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  /** What {@code Retry-After} tells a client whose write was refused as overloaded. */
  static final long RETRY_OVERLOADED_SECONDS = 1;

  private ApiErrors() {}

  static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder().matchAny(ApiErrors::onException).build();
  }

  static RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handleAll(MethodRejection.class, ApiErrors::methodNotAllowed)
        .handleAll(UnsupportedRequestContentTypeRejection.class, ApiErrors::unsupportedMediaType)
        .handle(
            MalformedRequestContentRejection.class,
            r -> badBody(r.getCause(), r.message()).complete())
        .handle(
            ValidationRejection.class,
            r -> r.getCause().map(c -> badBody(c, r.message())).orElse(badRequest(r.message())).complete())
        .handle(
            MissingQueryParamRejection.class,
            r ->
                Problem.of(
                        StatusCodes.BAD_REQUEST,
                        Problem.MISSING_PARAMETER,
                        "the query parameter '" + r.parameterName() + "' is required")
                    .complete())
        .handle(
            MalformedQueryParamRejection.class,
            r ->
                Problem.of(
                        StatusCodes.BAD_REQUEST,
                        Problem.INVALID_PARAMETER,
                        "the query parameter '" + r.parameterName() + "' is invalid: " + r.errorMsg())
                    .complete())
        .handleNotFound(
            Directives.extractRequest(
                request ->
                    Problem.of(
                            StatusCodes.NOT_FOUND,
                            Problem.NOT_FOUND,
                            "no resource at " + request.getUri().path())
                        .complete()))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(ApiErrors::asProblem);
  }

  /** The response when a request outlives the request timeout. */
  static HttpResponse timeout(HttpRequest request) {
    return Problem.of(
            StatusCodes.SERVICE_UNAVAILABLE,
            Problem.TIMEOUT,
            "the request took longer than the server's request timeout; try again later")
        .toResponse();
  }

  /** A peer's refusal (no such peer, a pending merge, ...) with the status its kind stands for. */
  private static Problem problem(PeerException e) {
    StatusCode status =
        switch (e.error()) {
          case PEER_NOT_FOUND,
              RECORD_NOT_FOUND,
              COMMIT_NOT_FOUND,
              REMOTE_NOT_FOUND,
              SESSION_NOT_FOUND,
              NO_PENDING_MERGE,
              CONFLICT_NOT_FOUND -> StatusCodes.NOT_FOUND;
          case INVALID_REMOTE -> StatusCodes.BAD_REQUEST;
          case PEER_EXISTS,
              MERGE_PENDING,
              REMOTE_MODE,
              UNRESOLVED_CONFLICTS,
              NON_FAST_FORWARD,
              PUSH_REJECTED -> StatusCodes.CONFLICT;
          case PRECONDITION_FAILED -> StatusCodes.PRECONDITION_FAILED;
          case UNAVAILABLE, OVERLOADED -> StatusCodes.SERVICE_UNAVAILABLE;
        };
    return Problem.of(status, e.error().type(), e.getMessage());
  }

  private static Route onException(Throwable thrown) {
    Throwable e = unwrap(thrown);
    if (e instanceof InvalidInputException invalid) {
      return Problem.invalidInput(invalid).complete();
    }
    if (e instanceof PeerException refused) {
      if (refused.error() == PeerError.OVERLOADED) {
        return Directives.respondWithHeader(
            RetryAfter.create(RETRY_OVERLOADED_SECONDS), () -> problem(refused).complete());
      }
      return problem(refused).complete();
    }
    if (e instanceof FederationRefusal refused) {
      return Problem.of(StatusCodes.get(refused.status()), refused.type(), refused.getMessage())
          .complete();
    }
    EntityStreamSizeException tooLarge = find(e, EntityStreamSizeException.class);
    if (tooLarge != null) {
      return payloadTooLarge(tooLarge).complete();
    }
    if (e instanceof TimeoutException) {
      return Problem.of(
              StatusCodes.SERVICE_UNAVAILABLE,
              Problem.TIMEOUT,
              "the node did not answer in time; try again later")
          .complete();
    }
    if (e instanceof IllegalRequestException illegal) {
      return Problem.forStatus(
              StatusCodes.get(illegal.status().intValue()), illegal.info().summary())
          .complete();
    }
    return Directives.extractRequest(
        request -> {
          log.error(
              "unexpected error serving {} {}", request.method().value(), request.getUri().path(), e);
          return Problem.of(
                  StatusCodes.INTERNAL_SERVER_ERROR,
                  Problem.INTERNAL_ERROR,
                  "the node failed to handle this request; see its log")
              .complete();
        });
  }

  private static Route methodNotAllowed(List<MethodRejection> rejections) {
    HttpMethod[] allowed =
        rejections.stream().map(MethodRejection::supported).distinct().toArray(HttpMethod[]::new);
    String names =
        rejections.stream()
            .map(r -> r.supported().value())
            .distinct()
            .collect(Collectors.joining(", "));
    return Directives.respondWithHeader(
        Allow.create(allowed),
        () ->
            Problem.of(
                    StatusCodes.METHOD_NOT_ALLOWED,
                    Problem.METHOD_NOT_ALLOWED,
                    "this resource supports " + names)
                .complete());
  }

  private static Route unsupportedMediaType(List<UnsupportedRequestContentTypeRejection> rejections) {
    String supported =
        rejections.stream()
            .flatMap(r -> r.getSupported().stream())
            .map(Object::toString)
            .distinct()
            .collect(Collectors.joining(" or "));
    return Problem.of(
            StatusCodes.UNSUPPORTED_MEDIA_TYPE,
            Problem.UNSUPPORTED_MEDIA_TYPE,
            "the body must be sent as " + supported)
        .complete();
  }

  /** A body that could not be read: too large, bad input, or simply not parseable. */
  private static Problem badBody(Throwable cause, String message) {
    Throwable e = unwrap(cause);
    EntityStreamSizeException tooLarge = find(e, EntityStreamSizeException.class);
    if (tooLarge != null) {
      return payloadTooLarge(tooLarge);
    }
    if (e instanceof InvalidInputException invalid) {
      return Problem.invalidInput(invalid);
    }
    return Problem.of(
        StatusCodes.BAD_REQUEST, Problem.INVALID_JSON, "the body cannot be read: " + message);
  }

  private static Problem badRequest(String message) {
    return Problem.of(StatusCodes.BAD_REQUEST, Problem.INVALID_REQUEST, message);
  }

  private static Problem payloadTooLarge(EntityStreamSizeException e) {
    return payloadTooLarge(e.limit());
  }

  static Problem payloadTooLarge(long limit) {
    return Problem.of(
        StatusCodes.PAYLOAD_TOO_LARGE,
        Problem.PAYLOAD_TOO_LARGE,
        "the body is larger than the limit of " + limit + " bytes");
  }

  /** Rejections without a handler above get the default handler's status, as a problem. */
  private static HttpResponse asProblem(HttpResponse response) {
    if (Problem.CONTENT_TYPE.equals(response.entity().getContentType())) {
      return response;
    }
    String detail =
        response.entity() instanceof HttpEntity.Strict strict
            ? strict.getData().utf8String()
            : response.status().reason();
    return response.withEntity(Problem.forStatus(response.status(), detail).toResponse().entity());
  }

  /** The failure inside the wrappers of futures. */
  private static Throwable unwrap(Throwable e) {
    Throwable current = e;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
