package dev.syncmesh.http;

import dev.syncmesh.node.Redaction;
import dev.syncmesh.protocol.model.InvalidInputException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * An API error as {@code application/problem+json} (RFC 9457). {@code type} is a stable,
 * machine-readable identifier (such as {@code invalid-key}) that clients switch on; {@code title}
 * is the short human summary of that type; {@code detail} explains this occurrence.
 */
public record Problem(String type, String title, int status, String detail) {

  public static final ContentType.WithFixedCharset CONTENT_TYPE =
      MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8).toContentType();

  // Types of the errors every route shares; features add their own (e.g. peer-exists).
  public static final String INVALID_JSON = "invalid-json";
  public static final String INVALID_REQUEST = "invalid-request";
  public static final String MISSING_PARAMETER = "missing-parameter";
  public static final String INVALID_PARAMETER = "invalid-parameter";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String FORBIDDEN = "forbidden";
  public static final String NOT_FOUND = "not-found";
  public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
  public static final String NOT_ACCEPTABLE = "not-acceptable";
  public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
  public static final String INTERNAL_ERROR = "internal-error";
  public static final String TIMEOUT = "timeout";

  /** A problem whose title is the status's reason phrase. */
  /** A problem; its detail never carries database URLs, SQL, file paths or class names. */
  public static Problem of(StatusCode status, String type, String detail) {
    return new Problem(type, status.reason(), status.intValue(), Redaction.text(detail));
  }

  /** Bad input found by the data model: its own problem type, status 400. */
  public static Problem invalidInput(InvalidInputException e) {
    return of(StatusCodes.BAD_REQUEST, e.problem(), e.getMessage());
  }

  /** The shared type for a status when nothing more specific is known. */
  public static Problem forStatus(StatusCode status, String detail) {
    String type =
        switch (status.intValue()) {
          case 400 -> INVALID_REQUEST;
          case 401 -> UNAUTHORIZED;
          case 403 -> FORBIDDEN;
          case 404 -> NOT_FOUND;
          case 405 -> METHOD_NOT_ALLOWED;
          case 406 -> NOT_ACCEPTABLE;
          case 413 -> PAYLOAD_TOO_LARGE;
          case 415 -> UNSUPPORTED_MEDIA_TYPE;
          case 503 -> TIMEOUT;
          default -> status.intValue() >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    return of(status, type, detail);
  }

  public HttpResponse toResponse() {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(HttpEntities.create(CONTENT_TYPE, Json.bytes(this)));
  }

  /** Completes the request with this problem. */
  public Route complete() {
    return Directives.complete(toResponse());
  }
}
