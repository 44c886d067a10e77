package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for a node's mesh API: records every request and answers with canned replies, by
 * method and path. A route's replies are used in order, the last one again and again.
 */
final class FakeApi implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  record Request(String method, String path, String query, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  record Reply(
      int status, String contentType, String body, Map<String, String> headers, long delayMillis) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Reply>> routes = new ConcurrentHashMap<>();

  FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeApi on(String method, String path, int status, String body) {
    return on(method, path, new Reply(status, "application/json", body, Map.of(), 0));
  }

  FakeApi problem(
      String method, String path, int status, String type, String title, String detail) {
    String body =
        "{\"type\":\""
            + type
            + "\",\"title\":\""
            + title
            + "\",\"status\":"
            + status
            + ",\"detail\":\""
            + detail
            + "\"}";
    return on(method, path, new Reply(status, "application/problem+json", body, Map.of(), 0));
  }

  FakeApi on(String method, String path, Reply reply) {
    routes.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(reply);
    return this;
  }

  List<Request> requests() {
    return requests;
  }

  Request only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests);
    }
    return requests.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    requests.add(
        new Request(
            method,
            path,
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders(),
            body));
    Deque<Reply> replies = routes.get(method + " " + path);
    Reply reply =
        replies == null
            ? new Reply(
                404,
                "application/problem+json",
                "{\"type\":\"not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"no"
                    + " route "
                    + method
                    + " "
                    + path
                    + "\"}",
                Map.of(),
                0)
            : replies.size() > 1 ? replies.poll() : replies.peek();
    try {
      Thread.sleep(reply.delayMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    reply.headers().forEach(exchange.getResponseHeaders()::set);
    boolean empty = bytes.length == 0;
    exchange.sendResponseHeaders(reply.status(), empty ? -1 : bytes.length);
    if (!empty) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
