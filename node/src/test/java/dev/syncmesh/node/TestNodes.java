package dev.syncmesh.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.syncmesh.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Configurations for nodes in tests (free ports, a given database) and an HTTP client. */
public final class TestNodes {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestNodes() {}

  /** Settings for a node on free ports; add the database and anything else. */
  public static Map<String, Object> ports() {
    Map<String, Object> settings = new HashMap<>();
    int[] ports = freePorts(3);
    settings.put("syncmesh.http.port", ports[0]);
    settings.put("syncmesh.management.port", ports[1]);
    settings.put("syncmesh.remoting.port", ports[2]);
    settings.put("syncmesh.seed-nodes", "");
    settings.put("syncmesh.api-token", "");
    settings.put("syncmesh.db.url", "");
    settings.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    return settings;
  }

  public static Config h2(Path dataFolder) {
    Map<String, Object> settings = ports();
    settings.put("syncmesh.data", dataFolder.toString());
    return NodeConfig.load(settings);
  }

  public static Config mariaDb(TestMariaDb database) {
    Map<String, Object> settings = ports();
    settings.put("syncmesh.db.url", database.url());
    settings.put("syncmesh.db.user", database.user());
    settings.put("syncmesh.db.password", database.password());
    return NodeConfig.load(settings);
  }

  /** A node on free ports on the given database (an H2 file URL or a MariaDB database). */
  public static Config on(dev.syncmesh.store.DatabaseSettings database) {
    Map<String, Object> settings = ports();
    settings.put("syncmesh.db.url", database.url());
    settings.put("syncmesh.db.user", database.user());
    settings.put("syncmesh.db.password", database.password());
    return NodeConfig.load(settings);
  }

  /** Ports free now and distinct: held open together while chosen, so none comes twice. */
  public static int[] freePorts(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          try {
            socket.close();
          } catch (IOException e) {
            // chosen already
          }
        }
      }
    }
  }

  /** {@code count} distinct free ports, none of them {@code taken}. */
  public static int[] freePortsBesides(int count, int taken) {
    int[] ports = freePorts(count + 1);
    return java.util.Arrays.stream(ports).filter(port -> port != taken).limit(count).toArray();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> get(URI uri, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  public static HttpResponse<String> postJson(URI uri, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  /** The status, or -1 when the server cannot be reached (yet). */
  public static int status(URI uri) {
    try {
      return get(uri).statusCode();
    } catch (UncheckedIOException e) {
      return -1;
    }
  }

  public static JsonNode json(HttpResponse<String> response) {
    return Json.read(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
  }

  /** Whether management lists {@code address} as an Up member. */
  public static boolean isUp(SyncMeshNode node, String address) {
    HttpResponse<String> response = get(node.managementUri().resolve("/cluster/members"));
    if (response.statusCode() != 200) {
      return false;
    }
    for (JsonNode member : json(response).path("members")) {
      if (member.path("node").asText().equals(address) && member.path("status").asText().equals("Up")) {
        return true;
      }
    }
    return false;
  }
}
