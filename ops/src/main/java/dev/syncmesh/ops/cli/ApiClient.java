package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place that talks HTTP to a node's mesh API: base URL, bearer token, timeouts, and the
 * mapping of {@code application/problem+json} errors and transport failures to {@link
 * CliException}s with their exit codes. The token goes into a header and nowhere else.
 *
 * <p>On the JDK's {@link HttpURLConnection}: a client call makes a handful of requests, and this
 * transport starts in a fifth of the time {@code java.net.http.HttpClient} takes (no selector
 * thread, no TLS set-up for plain http), which is most of what a short call costs.
 */
final class ApiClient {
  static {
    // A POST whose kept-alive connection the server closed is never sent again: a write the node
    // may have applied must fail visibly, not run twice.
    System.setProperty("sun.net.http.retryPost", "false");
  }

  private static final String JSON = "application/json, application/problem+json";

  private final URI api;
  private final String token;
  private final Duration timeout;

  ApiClient(URI base, String token, Duration timeout) {
    String path = base.getPath() == null ? "" : base.getPath();
    this.api = path.endsWith("/api") ? base : URI.create(base + "/api");
    this.token = token;
    this.timeout = timeout;
  }

  /** A reply with a 2xx status; header names are looked up regardless of case. */
  record Reply(int status, String body, Map<String, String> headers) {
    JsonNode json() throws CliException {
      return Json.reply(body);
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  /** What a request sends: its content type and a writer of its bytes. */
  private record Body(String contentType, long length, Writer writer) {
    interface Writer {
      void writeTo(OutputStream out) throws IOException;
    }

    static Body of(String contentType, byte[] bytes) {
      return new Body(contentType, bytes.length, out -> out.write(bytes));
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
    Body sent = body == null ? null : Body.of("application/json", body.getBytes(StandardCharsets.UTF_8));
    return exchange(method, pathAndQuery, JSON, headers, sent, true, "request to");
  }

  /**
   * Posts a file as a stream ({@code contentType}), without a timeout for the reply: an import of
   * a large file takes as long as it takes; the node bounds it.
   */
  Reply postFile(String pathAndQuery, Path file, String contentType) throws CliException {
    long length;
    try {
      length = Files.size(file);
    } catch (IOException e) {
      throw CliException.invalid("unreadable input", "cannot read file " + file);
    }
    Body body = new Body(contentType, length, out -> Files.copy(file, out));
    return exchange("POST", pathAndQuery, JSON, Map.of(), body, false, "the upload to");
  }

  /** Gets a UTF-8 body of any size and copies it to {@code out} as it arrives. */
  void download(String pathAndQuery, java.io.Writer out) throws CliException {
    streamed(
        pathAndQuery,
        "application/x-ndjson",
        "the download from",
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
    streamed(pathAndQuery, "text/event-stream", "the event stream from", body -> readEvents(body, each));
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
   * Gets a body of any size and reads it as UTF-8 as it arrives, without a timeout for the reply;
   * a status other than 2xx is its problem, a broken connection "unavailable".
   */
  private void streamed(String pathAndQuery, String accept, String what, BodyReader reader)
      throws CliException {
    HttpURLConnection connection =
        connect("GET", pathAndQuery, accept + ", application/problem+json", Map.of(), null, false);
    try {
      int status = connection.getResponseCode();
      if (status < 200 || status >= 300) {
        throw Problems.of(status, text(connection.getErrorStream()));
      }
      try (InputStream in = connection.getInputStream()) {
        reader.read(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      } finally {
        // A reader that stopped early leaves the rest unread: the connection is not reused.
        connection.disconnect();
      }
    } catch (IOException e) {
      throw failed(e, what);
    }
  }

  private Reply exchange(
      String method, String pathAndQuery, String accept, Map<String, String> headers, Body body, boolean timed, String what)
      throws CliException {
    HttpURLConnection connection = connect(method, pathAndQuery, accept, headers, body, timed);
    try {
      int status = connection.getResponseCode();
      boolean ok = status >= 200 && status < 300;
      String text = text(ok ? connection.getInputStream() : connection.getErrorStream());
      if (!ok) {
        throw Problems.of(status, text);
      }
      Map<String, String> replied = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      connection.getHeaderFields().keySet().stream()
          .filter(name -> name != null)
          .forEach(name -> replied.put(name, connection.getHeaderField(name)));
      return new Reply(status, text, replied);
    } catch (IOException e) {
      throw failed(e, what);
    }
  }

  /**
   * Opens the connection and sends the request: the token, if any, in its header (and nowhere
   * else), redirects never followed, {@code timeout} for the connection and, when {@code timed},
   * for each read of the reply.
   */
  private HttpURLConnection connect(
      String method, String pathAndQuery, String accept, Map<String, String> headers, Body body, boolean timed)
      throws CliException {
    HttpURLConnection connection;
    try {
      connection = (HttpURLConnection) URI.create(api + pathAndQuery).toURL().openConnection();
      connection.setRequestMethod(method);
    } catch (IOException e) {
      throw failed(e, "request to");
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setConnectTimeout(millis);
    connection.setReadTimeout(timed ? millis : 0);
    connection.setRequestProperty("Accept", accept);
    if (token != null) {
      connection.setRequestProperty("Authorization", "Bearer " + token);
    }
    headers.forEach(connection::setRequestProperty);
    boolean empty = body == null && (method.equals("POST") || method.equals("PUT"));
    Body sent = empty ? Body.of("application/json", new byte[0]) : body;
    if (sent != null) {
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", sent.contentType());
      connection.setFixedLengthStreamingMode(sent.length());
    }
    try {
      connection.connect();
    } catch (SocketTimeoutException e) {
      throw unavailable("no connection to " + where() + " within " + seconds());
    } catch (IOException e) {
      throw failed(e, "request to");
    }
    if (sent != null) {
      try (OutputStream out = connection.getOutputStream()) {
        sent.writer().writeTo(out);
      } catch (IOException e) {
        throw failed(e, "request to");
      }
    }
    return connection;
  }

  private static String text(InputStream in) throws IOException {
    if (in == null) {
      return "";
    }
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A transport failure as the user should read it. */
  private CliException failed(IOException e, String what) {
    if (e instanceof ConnectException) {
      return unavailable("cannot connect to " + where() + " (connection refused)");
    }
    if (e instanceof HttpRetryException refused) {
      // An authentication challenge to a streamed request: the status is all there is.
      return Problems.of(refused.responseCode(), "");
    }
    if (e instanceof SocketTimeoutException) {
      return new CliException(
          ExitCodes.UNAVAILABLE, "timed out", "no reply from " + where() + " within " + seconds());
    }
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return unavailable(what + " " + where() + " failed: " + why);
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
