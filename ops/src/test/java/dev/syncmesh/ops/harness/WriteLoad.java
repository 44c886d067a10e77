package dev.syncmesh.ops.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Clients writing to one node until stopped, each to a peer of its own ({@code POST /api/peers},
 * then {@code PUT /api/peers/<peer>/records/issues/r<i>} with a distinct value each time), one
 * write at a time; every answer is kept with when it was sent and when it came.
 */
final class WriteLoad implements AutoCloseable {
  /** One write and its answer; times are {@link System#nanoTime()}. */
  record Write(
      int client,
      String peer,
      String id,
      String value,
      long sentAt,
      long answeredAt,
      int status,
      String type,
      String detail) {
    boolean acknowledged() {
      return status == 201;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Longer than any answer the node gives (its ask timeout is 20 s). */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI api;
  private final List<Write> writes = new CopyOnWriteArrayList<>();
  private final List<Thread> clients = new ArrayList<>();
  private volatile boolean stopped;

  private WriteLoad(URI api) {
    this.api = api;
  }

  /** {@code clients} clients writing to the node at {@code api} ({@code http://host:port/api}). */
  static WriteLoad start(URI api, int clients, String peerPrefix) {
    WriteLoad load = new WriteLoad(api);
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread thread = new Thread(() -> load.run(client, peerPrefix + client), "write-load-" + c);
      thread.setDaemon(true);
      load.clients.add(thread);
      thread.start();
    }
    return load;
  }

  List<Write> writes() {
    return List.copyOf(writes);
  }

  /** Whether every client has at least {@code n} writes that {@code which} selects. */
  boolean eachClientHas(int n, Predicate<Write> which) {
    for (int c = 0; c < clients.size(); c++) {
      int client = c;
      if (writes.stream().filter(w -> w.client() == client).filter(which).count() < n) {
        return false;
      }
    }
    return true;
  }

  /** Stops the clients and waits for their last answers. */
  @Override
  public void close() throws InterruptedException {
    stopped = true;
    for (Thread client : clients) {
      client.join(REQUEST_TIMEOUT.plusSeconds(10).toMillis());
    }
  }

  private void run(int client, String peer) {
    HttpResponse<String> created = send("POST", "/peers", "{\"name\":\"" + peer + "\"}");
    if (created == null || created.statusCode() != 201) {
      throw new IllegalStateException(
          "cannot create peer " + peer + ": " + (created == null ? "no answer" : created.body()));
    }
    for (int i = 0; !stopped; i++) {
      String id = "r" + i;
      String value =
          "{\"client\":"
              + client
              + ",\"i\":"
              + i
              + ",\"title\":\"write "
              + client
              + "-"
              + i
              + "\"}";
      long sentAt = System.nanoTime();
      HttpResponse<String> answer = send("PUT", "/peers/" + peer + "/records/issues/" + id, value);
      long answeredAt = System.nanoTime();
      int status = answer == null ? -1 : answer.statusCode();
      writes.add(new Write(
              client, peer, id, value, sentAt, answeredAt, status, type(answer), detail(answer)));
      if (status != 201) {
        pause(); // a failing node answers fast: do not spin
      }
    }
  }

  /** The record as the node reads it now; null when it answers 404. */
  JsonNode read(Write write) {
    HttpResponse<String> answer =
        send("GET", "/peers/" + write.peer() + "/records/issues/" + write.id(), null);
    if (answer == null) {
      throw new IllegalStateException("no answer reading " + write);
    }
    if (answer.statusCode() == 404) {
      return null;
    }
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "reading " + write + ": " + answer.statusCode() + " " + answer.body());
    }
    return parse(answer.body());
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + json, e);
    }
  }

  private HttpResponse<String> send(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(REQUEST_TIMEOUT)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String type(HttpResponse<String> answer) {
    if (answer == null || answer.statusCode() < 400) {
      return "";
    }
    try {
      return JSON.readTree(answer.body()).path("type").asText();
    } catch (IOException e) {
      return "(not a problem: " + answer.body() + ")";
    }
  }

  private static String detail(HttpResponse<String> answer) {
    if (answer == null || answer.statusCode() < 400) {
      return "";
    }
    try {
      return JSON.readTree(answer.body()).path("detail").asText();
    } catch (IOException e) {
      return answer.body();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
