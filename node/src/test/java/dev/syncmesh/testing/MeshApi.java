package dev.syncmesh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** A small client of a node's mesh API for tests: requests, JSON, and asserted statuses. */
public final class MeshApi {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final Supplier<URI> base;

  /** @param node the node's base URI (without {@code /api}) */
  public MeshApi(URI node) {
    this(() -> node);
  }

  /** For a node that starts later: its base URI is asked at each call. */
  public MeshApi(Supplier<URI> node) {
    this.base = node;
  }

  public HttpResponse<String> send(String method, String path, String json) {
    return send(method, path, json, new String[0]);
  }

  /** With extra headers, given as name, value, name, value... */
  public HttpResponse<String> send(String method, String path, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base.get() + "/api" + path))
            .timeout(Duration.ofSeconds(90))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends and asserts the status; returns the body as JSON (an empty body reads as null). */
  public JsonNode expect(int status, String method, String path, String json) {
    HttpResponse<String> reply = send(method, path, json);
    assertThat(reply.statusCode()).as(method + " " + path + " -> " + reply.body()).isEqualTo(status);
    return parse(reply.body());
  }

  public JsonNode ok(String method, String path, String json) {
    return expect(200, method, path, json);
  }

  public JsonNode get(String path) {
    return ok("GET", path, null);
  }

  /** Asserts a problem with this status and type. */
  public void problem(int status, String type, String method, String path, String json) {
    HttpResponse<String> reply = send(method, path, json);
    assertThat(reply.statusCode()).as(method + " " + path + " -> " + reply.body()).isEqualTo(status);
    assertThat(parse(reply.body()).path("type").asText()).as(reply.body()).isEqualTo(type);
  }

  public void createPeer(String name) {
    expect(201, "POST", "/peers", "{\"name\":\"" + name + "\"}");
  }

  public JsonNode put(String peer, String key, String json) {
    HttpResponse<String> reply = send("PUT", "/peers/" + peer + "/records/" + key, json);
    assertThat(reply.statusCode()).as(reply.body()).isIn(200, 201);
    return parse(reply.body());
  }

  public String record(String peer, String key) {
    HttpResponse<String> reply = send("GET", "/peers/" + peer + "/records/" + key, null);
    return reply.statusCode() == 404 ? null : reply.body();
  }

  public String head(String peer) {
    JsonNode head = get("/peers/" + peer).path("head");
    return head.isNull() ? null : head.asText();
  }

  /** Adds a remote of this mesh. */
  public void remote(String peer, String name, String remotePeer) {
    ok("PUT", "/peers/" + peer + "/remotes/" + name, "{\"peer\":\"" + remotePeer + "\"}");
  }

  /** Runs a session and waits for its result; {@code strategy} null leaves conflicts. */
  /** Two new peers, each with remote {@code r} to the other. */
  public void pair(String a, String b) {
    createPeer(a);
    createPeer(b);
    remote(a, "r", b);
    remote(b, "r", a);
  }

  public JsonNode sync(String peer, String remote, String strategy) {
    String body =
        "{\"remote\":\""
            + remote
            + "\",\"strategy\":"
            + (strategy == null ? "null" : "\"" + strategy + "\"")
            + ",\"wait\":true}";
    return ok("POST", "/peers/" + peer + "/sync", body);
  }

  public static JsonNode parse(String body) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
