package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that talks HTTP to a node's mesh API: base URL, bearer token, timeouts, and the
 * mapping of {@code application/problem+json} errors and transport failures to {@link
 * CliException}s with their exit codes. The token goes into a header and nowhere else.
 */
final class ApiClient {
  private final URI api;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;

  ApiClient(URI base, String token, Duration timeout) {
    String path = base.getPath() == null ? "" : base.getPath();
    this.api = path.endsWith("/api") ? base : URI.create(base + "/api");
    this.token = token;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A reply with a 2xx status. */
  record Reply(int status, String body, HttpResponse<String> response) {
    JsonNode json() throws CliException {
      return Json.reply(body);
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  Reply get(String pathAndQuery) throws CliException {
    return send("GET", pathAndQuery, null, Map.of());
  }

  Reply post(String path, JsonNode body) throws CliException {
    return send("POST", path, Json.write(body), Map.of());
  }

  Reply put(String path, JsonNode body) throws CliException {
    return send("PUT", path, Json.write(body), Map.of());
  }

  Reply send(String method, String pathAndQuery, String body, Map<String, String> headers)
      throws CliException {
    HttpRequest.Builder request =
        request(pathAndQuery, "application/json, application/problem+json")
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return reply(exchange(request.build()));
  }

  /** A request to the API with the token, if any, in its header (and nowhere else). */
  private HttpRequest.Builder request(String pathAndQuery, String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + pathAndQuery)).header("Accept", accept);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private static Reply reply(HttpResponse<String> response) throws CliException {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new Reply(status, response.body(), response);
    }
    throw Problems.of(status, response.body());
  }

  /**
   * Posts a file as a stream ({@code contentType}), without a timeout for the whole exchange: an
   * import of a large file takes as long as it takes; the node bounds it.
   */
  Reply postFile(String pathAndQuery, java.nio.file.Path file, String contentType)
      throws CliException {
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.ofFile(file);
    } catch (java.io.FileNotFoundException e) {
      throw CliException.invalid("unreadable input", "cannot read file " + file);
    }
    return reply(
        exchange(
            request(pathAndQuery, "application/json, application/problem+json")
                .header("Content-Type", contentType)
                .POST(body)
                .build()));
  }

  /** Gets a UTF-8 body of any size and copies it to {@code out} as it arrives. */
  void download(String pathAndQuery, java.io.Writer out) throws CliException {
    streamed(
        pathAndQuery,
        "application/x-ndjson",
        "the download",
        body -> {
          body.transferTo(out);
          out.flush();
        });
  }

  /** What a caller does with each event of a stream: false stops reading it. */
  interface EventHandler {
    boolean accept(String id, String type, String data) throws CliException;
  }

  /**
   * Reads a stream of server-sent events ({@code text/event-stream}) and hands each one that has
   * data or a type to {@code each} (heartbeats are skipped), until the stream ends or {@code each}
   * says stop; either way the connection is closed.
   */
  void events(String pathAndQuery, EventHandler each) throws CliException {
    streamed(pathAndQuery, "text/event-stream", "the event stream", body -> readEvents(body, each));
  }

  private static void readEvents(java.io.Reader body, EventHandler each)
      throws IOException, CliException {
    java.io.BufferedReader lines = new java.io.BufferedReader(body);
    String id = null;
    String type = null;
    StringBuilder data = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isEmpty()) {
        if ((type != null || data.length() > 0) && !each.accept(id, type, data.toString())) {
          return;
        }
        type = null;
        data.setLength(0);
      } else if (line.startsWith("id:")) {
        id = line.substring(3).strip();
      } else if (line.startsWith("event:")) {
        type = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
      }
    }
  }

  /** How a streamed body is read; it may fail with the reading's or the command's exception. */
  private interface BodyReader {
    void read(java.io.Reader body) throws IOException, CliException;
  }

  /**
   * Gets a body of any size and reads it as UTF-8 as it arrives, without a timeout for the whole
   * exchange; a status other than 2xx is its problem, a broken connection "unavailable".
   */
  private void streamed(String pathAndQuery, String accept, String what, BodyReader reader)
      throws CliException {
    HttpRequest request = request(pathAndQuery, accept + ", application/problem+json").GET().build();
    try {
      HttpResponse<java.io.InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.InputStream in = response.body()) {
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
          throw Problems.of(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        reader.read(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (ConnectException e) {
      throw unavailable("cannot connect to " + where() + " (connection refused)");
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw unavailable(what + " from " + where() + " failed: " + why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERNAL, "interrupted", what + " was interrupted");
    }
  }

  private HttpResponse<String> exchange(HttpRequest request) throws CliException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw unavailable("no connection to " + where() + " within " + seconds());
    } catch (HttpTimeoutException e) {
      throw new CliException(
          ExitCodes.UNAVAILABLE, "timed out", "no reply from " + where() + " within " + seconds());
    } catch (ConnectException e) {
      throw unavailable("cannot connect to " + where() + " (connection refused)");
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw unavailable("request to " + where() + " failed: " + why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERNAL, "interrupted", "the request was interrupted");
    }
  }

  private static CliException unavailable(String detail) {
    return new CliException(ExitCodes.UNAVAILABLE, "unavailable", detail);
  }

  /** The node's address without any user info the URL may carry. */
  private String where() {
    return api.getScheme() + "://" + api.getHost() + (api.getPort() < 0 ? "" : ":" + api.getPort());
  }

  private String seconds() {
    return (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() : timeout.toMillis() / 1000.0)
        + " s";
  }

  /** {@code /a/b/c} from path segments, each percent-encoded. */
  static String path(String... segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      path.append('/').append(encode(segment));
    }
    return path.toString();
  }

  /** {@code ?k=v&...} from name-value pairs; pairs whose value is null are left out. */
  static String query(Object... pairs) {
    Map<String, Object> given = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        given.put((String) pairs[i], pairs[i + 1]);
      }
    }
    StringBuilder query = new StringBuilder();
    given.forEach(
        (name, value) ->
            query
                .append(query.length() == 0 ? '?' : '&')
                .append(encode(name))
                .append('=')
                .append(encode(String.valueOf(value))));
    return query.toString();
  }

  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~:".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
