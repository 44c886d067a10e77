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
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A client of one node's Pekko Management routes. Every call returns empty when the node does not
 * answer (yet, or any more), so that callers can poll.
 */
public final class Management {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI base;

  public Management(URI base) {
    this.base = base;
  }

  /** {@code GET /cluster/members}. */
  public Optional<ClusterView> members() {
    return getJson("/cluster/members").map(Management::view);
  }

  /**
   * {@code GET /cluster/shards/{type}}: the shards this node hosts for the entity type, with their
   * number of running entities; empty when the node does not answer or runs no such region.
   */
  public Optional<Map<String, Integer>> shards(String entityType) {
    return getJson("/cluster/shards/" + entityType)
        .map(
            json -> {
              Map<String, Integer> shards = new HashMap<>();
              json.path("regions")
                  .forEach(r -> shards.put(r.path("shardId").asText(), r.path("numEntities").asInt()));
              return shards;
            });
  }

  /** Whether {@code /ready} answers 200. */
  public boolean ready() {
    return status("/ready") == 200;
  }

  /** The status of a GET, or -1 when the node does not answer. */
  public int status(String path) {
    return get(path).map(HttpResponse::statusCode).orElse(-1);
  }

  private Optional<JsonNode> getJson(String path) {
    return get(path)
        .filter(response -> response.statusCode() == 200)
        .map(
            response -> {
              try {
                return JSON.readTree(response.body());
              } catch (IOException e) {
                throw new UncheckedIOException("bad JSON from " + base + path, e);
              }
            });
  }

  private Optional<HttpResponse<String>> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build();
    try {
      return Optional.of(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static ClusterView view(JsonNode json) {
    Map<String, String> members = new HashMap<>();
    json.path("members").forEach(m -> members.put(m.path("node").asText(), m.path("status").asText()));
    Set<String> unreachable = new HashSet<>();
    json.path("unreachable").forEach(u -> unreachable.add(u.path("node").asText()));
    return new ClusterView(
        json.path("selfNode").asText(),
        json.path("leader").asText(""),
        json.path("oldest").asText(""),
        members,
        unreachable);
  }
}
