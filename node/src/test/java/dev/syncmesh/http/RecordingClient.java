package dev.syncmesh.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A client of a node's API and federation API that keeps every answer, so that a test can check
 * them all against the OpenAPI document afterwards. It sends the API token to {@code /api} and
 * the federation token to {@code /federation}, unless the call gives its own {@code Authorization}
 * (an empty one: none).
 */
final class RecordingClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One answer: the request's method and path, the status, the media type (no parameters). */
  record Answer(
      String method, String path, int status, String mediaType, byte[] body, HttpHeaders headers) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return parse(text());
    }

    static JsonNode parse(String json) {
      try {
        return MAPPER.readTree(json);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + json, e);
      }
    }

    @Override
    public String toString() {
      String shown = text();
      return method + " " + path + " -> " + status + " " + mediaType + " "
          + (shown.length() > 300 ? shown.substring(0, 300) + "..." : shown);
    }
  }

  private final Supplier<URI> base;
  private final String apiToken;
  private final String federationToken;
  private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());

  RecordingClient(Supplier<URI> base, String apiToken, String federationToken) {
    this.base = base;
    this.apiToken = apiToken;
    this.federationToken = federationToken;
  }

  List<Answer> answers() {
    return List.copyOf(answers);
  }

  Answer json(String method, String path, String json, String... headers) {
    return send(method, path, json == null ? null : "application/json", bytes(json), headers);
  }

  /** Sends and keeps the answer; headers as name, value, name, value... */
  Answer send(String method, String path, String contentType, byte[] body, String... headers) {
    HttpRequest request = request(method, path, contentType, body, headers);
    try {
      HttpResponse<byte[]> reply = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return keep(method, path, reply, reply.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * For an answer that does not end (server-sent events): keeps what came before the first
   * blank line (the first event), then hangs up.
   */
  Answer firstEvent(String path, String... headers) {
    HttpRequest request = request("GET", path, null, null, headers);
    try {
      HttpResponse<InputStream> reply = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
      StringBuilder read = new StringBuilder();
      try (InputStream in = reply.body()) {
        int b;
        while ((b = in.read()) != -1) {
          read.append((char) b);
          if (read.toString().endsWith("\n\n")) {
            break;
          }
        }
      }
      return keep("GET", path, reply, bytes(read.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String method, String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base.get().toString().replaceAll("/$", "") + path))
            .timeout(Duration.ofSeconds(90))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    boolean authorized = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Authorization")) {
        authorized = true;
        if (headers[i + 1].isEmpty()) {
          continue;
        }
      }
      request.header(headers[i], headers[i + 1]);
    }
    if (!authorized) {
      request.header("Authorization", "Bearer " + (path.startsWith("/federation") ? federationToken : apiToken));
    }
    return request.build();
  }

  private Answer keep(String method, String path, HttpResponse<?> reply, byte[] body) {
    Answer answer =
        new Answer(method, path, reply.statusCode(), mediaType(reply), body, reply.headers());
    answers.add(answer);
    return answer;
  }

  private static String mediaType(HttpResponse<?> reply) {
    return reply.headers()
        .firstValue("Content-Type")
        .map(type -> type.split(";")[0].trim().toLowerCase(Locale.ROOT))
        .orElse("");
  }

  static byte[] bytes(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }
}
