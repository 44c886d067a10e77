package dev.syncmesh.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.http.Json;
import dev.syncmesh.sync.Deadline;
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
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One remote peer's federation API as blocking calls: builds the requests (with the bearer token),
 * retries those that fail on the network (connection refused or reset, 502/503/504) with doubling
 * waits, and turns refusals into {@link SyncFailure}s of the right kind. Every call ends by its
 * deadline, and every body is read bounded: a remote that stalls or answers without end costs a
 * thread until the deadline and a bounded buffer. The token is sent, never logged, and never part
 * of a message.
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
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(peerUri + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  /**
   * Sends until an answer that is not a network failure, within the attempts allowed and by the
   * deadline: each attempt waits for the status line and headers for at most the request timeout
   * or what is left of the deadline, and no retry starts that its wait would carry past it. The
   * body is left to the caller, to be read through {@link #read} or {@link #readAnswer}.
   */
  HttpResponse<InputStream> send(
      Supplier<HttpRequest.Builder> request, String operation, Deadline deadline) {
    SyncFailure last = null;
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      if (attempt > 1 && !pause(attempt, deadline)) {
        break;
      }
      Duration left = deadline.remaining();
      if (left.isZero()) {
        break;
      }
      Duration timeout = left.compareTo(settings.requestTimeout()) < 0 ? left : settings.requestTimeout();
      try {
        HttpResponse<InputStream> response =
            http.send(request.get().timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (!RETRIED_STATUSES.contains(response.statusCode())) {
          return response;
        }
        last = refusal(response, operation, deadline);
      } catch (HttpTimeoutException e) {
        last = new SyncFailure(SyncErrorKind.TIMEOUT, operation + " on " + what + " timed out", e);
      } catch (IOException e) {
        last = unreachable(operation, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SyncFailure(SyncErrorKind.NETWORK, operation + " on " + what + " was interrupted", e);
      }
    }
    if (last == null || deadline.passed()) {
      throw overdue(operation, last);
    }
    throw last;
  }

  /**
   * Reads a body with {@code reading}, closing it once read and, if the deadline passes first,
   * at the deadline: a body that stalls then ends the read with {@code TIMEOUT}.
   */
  <T> T read(
      HttpResponse<InputStream> response,
      String operation,
      Deadline deadline,
      BodyReader<T> reading) {
    InputStream body = response.body();
    AtomicBoolean overdue = new AtomicBoolean();
    CompletableFuture<Void> done = new CompletableFuture<>();
    done.orTimeout(deadline.remaining().toMillis() + 1, TimeUnit.MILLISECONDS)
        .whenComplete(
            (ignored, error) -> {
              if (error != null) {
                overdue.set(true);
                closeQuietly(body);
              }
            });
    try (body) {
      return reading.read(body);
    } catch (IOException e) {
      if (overdue.get() || deadline.passed()) {
        throw overdue(operation, null);
      }
      throw new SyncFailure(
          SyncErrorKind.NETWORK, operation + " on " + what + ": the answer broke off: " + e, e);
    } finally {
      done.complete(null);
    }
  }

  /**
   * A whole JSON answer of at most {@code limit} bytes; a longer one is refused with {@code
   * INVALID_DATA} after {@code limit + 1} bytes, however long it would have gone on.
   */
  byte[] readAnswer(
      HttpResponse<InputStream> response, int limit, String operation, Deadline deadline) {
    byte[] bytes = read(response, operation, deadline, in -> in.readNBytes(limit + 1));
    if (bytes.length > limit) {
      throw new SyncFailure(
          SyncErrorKind.INVALID_DATA,
          "the answer to " + operation + " on " + what + " is larger than " + limit + " bytes");
    }
    return bytes;
  }

  /** How a body is read: it may throw, which ends the read as the network's failure. */
  interface BodyReader<T> {
    T read(InputStream body) throws IOException;
  }

  private SyncFailure overdue(String operation, SyncFailure last) {
    return new SyncFailure(
        SyncErrorKind.TIMEOUT,
        operation
            + " on "
            + what
            + " did not finish within the phase's time"
            + (last == null ? "" : " (last attempt: " + last.getMessage() + ")"),
        last);
  }

  /** The typed failure for an answer other than success (its body read for a problem, bounded). */
  SyncFailure refusal(HttpResponse<InputStream> response, String operation, Deadline deadline) {
    String type = "";
    String detail = "";
    JsonNode problem = problem(response, deadline);
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
    String reason =
        e instanceof ConnectException
            ? "cannot connect"
            : e instanceof javax.net.ssl.SSLException
                ? "the TLS handshake or session failed"
                : e instanceof java.net.UnknownHostException
                        || e.getCause() instanceof java.nio.channels.UnresolvedAddressException
                    ? "the host name does not resolve"
                    : "the connection failed (" + e.getMessage() + ")";
    return new SyncFailure(SyncErrorKind.NETWORK, operation + " on " + what + " failed: " + reason, e);
  }

  /**
   * Waits before attempt {@code attempt}; false, without waiting, when the wait would end past the
   * deadline.
   */
  boolean pause(int attempt, Deadline deadline) {
    Duration wait = settings.backoff(attempt);
    if (wait.compareTo(deadline.remaining()) >= 0) {
      return false;
    }
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncFailure(SyncErrorKind.NETWORK, "interrupted while waiting to retry " + what, e);
    }
  }

  int attempts() {
    return settings.attempts();
  }

  private JsonNode problem(HttpResponse<InputStream> response, Deadline deadline) {
    try {
      byte[] bytes = read(response, "reading a refusal", deadline, in -> in.readNBytes(MAX_PROBLEM_BYTES));
      return Json.mapper().readTree(bytes);
    } catch (IOException | RuntimeException e) {
      return null; // not a problem document; the status says enough
    }
  }

  /** Closes a body or a pipe whose reader or writer is done with it, whatever it says. */
  static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // Closed to end a read; nothing else to do.
    }
  }
}
