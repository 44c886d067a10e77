package dev.syncmesh.ops.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of the mesh API of a {@link MeshHarness}'s nodes that rides out node deaths: {@link
 * #send} tries the running nodes in turn until one answers with something other than "unavailable"
 * (no connection, no reply in time, 502-504), within a deadline. {@link #once} is a single
 * attempt at one node, for callers that must know whether their request was answered.
 */
public final class MeshClient {
  /** An answer: the status and the body. */
  public record Reply(int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public JsonNode json() {
      return parse(body);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long RETRY_MILLIS = 200;

  private final MeshHarness mesh;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Duration deadline;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * @param requestTimeout how long one attempt waits for its answer
   * @param deadline how long {@link #send} keeps trying the running nodes
   */
  public MeshClient(MeshHarness mesh, Duration requestTimeout, Duration deadline) {
    this.mesh = mesh;
    this.requestTimeout = requestTimeout;
    this.deadline = deadline;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  public MeshClient(MeshHarness mesh) {
    this(mesh, Duration.ofSeconds(20), Duration.ofSeconds(90));
  }

  /**
   * Sends to the running nodes in turn until one answers (any status but 502-504); fails when
   * none has within the deadline.
   */
  public Reply send(String method, String path, String json) {
    long end = System.nanoTime() + deadline.toNanos();
    String last = "no node running";
    while (true) {
      List<MeshNode> running = mesh.running();
      if (!running.isEmpty()) {
        MeshNode node = running.get(Math.floorMod(next.getAndIncrement(), running.size()));
        Optional<Reply> reply = once(node, method, path, json);
        if (reply.isPresent() && !unavailable(reply.get().status())) {
          return reply.get();
        }
        last = node + ": " + reply.map(r -> r.status() + " " + r.body()).orElse("no answer");
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            method + " " + path + ": no node answered within " + deadline.toSeconds() + " s; last: " + last);
      }
      pause();
    }
  }

  /** Sends until a node answers, and requires a 2xx status; returns the body as JSON. */
  public JsonNode ok(String method, String path, String json) {
    Reply reply = send(method, path, json);
    if (!reply.ok()) {
      throw new IllegalStateException(method + " " + path + " -> " + reply.status() + " " + reply.body());
    }
    return reply.body().isEmpty() ? null : reply.json();
  }

  public JsonNode get(String path) {
    return ok("GET", path, null);
  }

  /** One attempt at one node; empty when it does not answer (dead, or not within the timeout). */
  public Optional<Reply> once(MeshNode node, String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.apiUri() + path)).timeout(requestTimeout);
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return Optional.of(new Reply(response.statusCode(), response.body()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Creates a peer. A 409 counts as created too: {@link #send} may have retried after an attempt
   * whose answer was lost, and the peer names tests use are their own.
   */
  public void createPeer(String name) {
    Reply reply = send("POST", "/peers", "{\"name\":\"" + name + "\"}");
    if (reply.status() != 201 && reply.status() != 409) {
      throw new IllegalStateException("POST /peers " + name + " -> " + reply.status() + " " + reply.body());
    }
  }

  /** Every record of {@code peer} at its head, key to value, read page by page. */
  public Map<String, JsonNode> records(String peer) {
    Map<String, JsonNode> records = new HashMap<>();
    String after = null;
    do {
      JsonNode page =
          get("/peers/" + peer + "/records?limit=1000" + (after == null ? "" : "&after=" + after));
      page.path("records").forEach(r -> records.put(r.path("key").asText(), r.path("value")));
      after = page.path("next").isNull() ? null : page.path("next").asText();
    } while (after != null);
    return records;
  }

  /** The node that hosts {@code peer} now, according to {@code GET /cluster}, if it is running. */
  public Optional<MeshNode> hostOf(String peer) {
    String address = get("/cluster").path("peers").path(peer).asText("");
    return mesh.nodes().stream().filter(n -> n.address().equals(address)).findFirst();
  }

  /** The session as {@code GET /cluster} lists it among the sessions in flight, if it is. */
  public Optional<JsonNode> sessionInFlight(String sessionId) {
    for (JsonNode session : get("/cluster").path("sessions")) {
      if (session.path("sessionId").asText().equals(sessionId)) {
        return Optional.of(session);
      }
    }
    return Optional.empty();
  }

  private static boolean unavailable(int status) {
    return status == 502 || status == 503 || status == 504;
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
