package dev.syncmesh.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.http.Json;
import dev.syncmesh.sync.SyncErrorKind;
import dev.syncmesh.sync.SyncFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One remote peer's federation API as blocking calls: builds the requests (with the bearer token),
 * retries those that fail on the network (connection refused or reset, 502/503/504) with doubling
 * waits, and turns refusals into {@link SyncFailure}s of the right kind. The token is sent, never
 * logged, and never part of a message.
 */
final class FederationClient {
  private static final Set<Integer> RETRIED_STATUSES = Set.of(502, 503, 504);
  private static final int MAX_PROBLEM_BYTES = 16 * 1024;

  private final HttpClient http;
  private final URI peerUri;
  private final String token;
  private final FederationSettings settings;
  private final String what;

  /**
   * @param token the bearer token, or null to send none
   * @param what the remote as messages name it, e.g. {@code remote origin (peer issues at URL)}
   */
  FederationClient(
      HttpClient http, String url, String peer, String token, FederationSettings settings, String what) {
    this.http = http;
    this.peerUri =
        URI.create(
            url + FederationWire.PATH + "/peers/" + URLEncoder.encode(peer, StandardCharsets.UTF_8));
    this.token = token;
    this.settings = settings;
    this.what = what;
  }

  /** A request for {@code path} below the peer ({@code /head}, {@code /fetch?...}). */
  HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(peerUri + path)).timeout(settings.requestTimeout());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  /** Sends until an answer that is not a network failure, within the attempts allowed. */
  <T> HttpResponse<T> send(
      Supplier<HttpRequest> request, HttpResponse.BodyHandler<T> body, String operation) {
    SyncFailure last = null;
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      if (attempt > 1) {
        pause(attempt);
      }
      try {
        HttpResponse<T> response = http.send(request.get(), body);
        if (!RETRIED_STATUSES.contains(response.statusCode())) {
          return response;
        }
        last = refusal(response, operation);
        close(response);
      } catch (HttpTimeoutException e) {
        last = new SyncFailure(SyncErrorKind.TIMEOUT, operation + " on " + what + " timed out", e);
      } catch (IOException e) {
        last = unreachable(operation, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SyncFailure(SyncErrorKind.NETWORK, operation + " on " + what + " was interrupted", e);
      }
    }
    throw last;
  }

  /** The typed failure for an answer other than success. */
  SyncFailure refusal(HttpResponse<?> response, String operation) {
    String type = "";
    String detail = "";
    JsonNode problem = problem(response);
    if (problem != null) {
      type = problem.path("type").asText("");
      detail = problem.path("detail").asText("");
    }
    int status = response.statusCode();
    SyncErrorKind kind =
        switch (status) {
          case 401, 403 -> SyncErrorKind.AUTH;
          case 404 -> SyncErrorKind.NOT_FOUND;
          case 409 -> "non-fast-forward".equals(type)
              ? SyncErrorKind.NON_FAST_FORWARD
              : SyncErrorKind.REMOTE_REJECTED;
          case 413, 422 -> SyncErrorKind.REMOTE_REJECTED;
          default -> status >= 500 ? SyncErrorKind.NETWORK : SyncErrorKind.REMOTE_REJECTED;
        };
    return new SyncFailure(
        kind,
        operation
            + " on "
            + what
            + " was refused: "
            + status
            + (type.isEmpty() ? "" : " " + type)
            + (detail.isEmpty() ? "" : ": " + detail));
  }

  SyncFailure unreachable(String operation, IOException e) {
    String reason = e instanceof ConnectException ? "cannot connect" : e.toString();
    return new SyncFailure(SyncErrorKind.NETWORK, operation + " on " + what + " failed: " + reason, e);
  }

  void pause(int attempt) {
    try {
      Thread.sleep(settings.backoff(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncFailure(SyncErrorKind.NETWORK, "interrupted while waiting to retry " + what, e);
    }
  }

  int attempts() {
    return settings.attempts();
  }

  private static JsonNode problem(HttpResponse<?> response) {
    try {
      byte[] bytes;
      Object body = response.body();
      if (body instanceof InputStream in) {
        try (in) {
          bytes = in.readNBytes(MAX_PROBLEM_BYTES);
        }
      } else if (body instanceof byte[] array) {
        bytes = array;
      } else if (body instanceof String text) {
        bytes = text.getBytes(StandardCharsets.UTF_8);
      } else {
        return null;
      }
      return Json.mapper().readTree(bytes);
    } catch (IOException | RuntimeException e) {
      return null; // not a problem document; the status says enough
    }
  }

  private static void close(HttpResponse<?> response) {
    if (response.body() instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException e) {
        // The response is dropped either way.
      }
    }
  }
}
