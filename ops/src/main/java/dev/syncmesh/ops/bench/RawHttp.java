package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 client on one kept-alive connection, for benchmarks: it costs far less CPU
 * than a general client, so that the measurement is the node's, not the client's. It handles only
 * what the mesh API answers with: a status line, headers and a {@code Content-Length} body.
 */
final class RawHttp implements AutoCloseable {
  record Response(int status, String body) {
    /** Fails unless the status is 2xx: a benchmark measures only what succeeded. */
    static void ok(Response response) {
      if (response.status() / 100 != 2) {
        throw new IllegalStateException("HTTP " + response.status() + ": " + response.body());
      }
    }
  }

  /** What one client does for one index of {@link #forEach}. */
  interface Work {
    void run(RawHttp client, int index) throws Exception;
  }

  /**
   * Runs {@code work} for every index below {@code count}, spread over {@code clients} threads, each
   * with its own connection to {@code api}.
   */
  static void forEach(URI api, int clients, int count, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(pool.submit(() -> {
          try (RawHttp client = new RawHttp(api.getHost(), api.getPort())) {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              work.run(client, i);
            }
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  Response send(String method, String path, String json) throws IOException {
    if (socket == null) {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(256)
        .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append(':').append(port).append("\r\n")
        .append("X-Actor: bench\r\n");
    if (json != null) {
      head.append("Content-Type: application/json\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return read();
  }

  /** Sends and requires a 2xx status; returns the body as JSON (null when empty). */
  JsonNode ok(ObjectMapper json, String method, String path, String body) throws IOException {
    Response response = send(method, path, body);
    if (response.status() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + ": HTTP " + response.status() + ": " + response.body());
    }
    return response.body().isEmpty() ? null : json.readTree(response.body());
  }

  private Response read() throws IOException {
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    int length = 0;
    for (String header = line(); !header.isEmpty(); header = line()) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(header.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("the connection closed in the middle of a reply");
    }
    return new Response(code, new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
  }
}
