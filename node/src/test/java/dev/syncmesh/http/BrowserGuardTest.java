package dev.syncmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.node.PeerFeature;
import dev.syncmesh.remote.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node without an API token against web pages: a rebound name in {@code Host} is refused, and so
 * is a state-changing request from a foreign {@code Origin}; neither changes anything. Over raw
 * sockets, since Java's HTTP client will not send a chosen {@code Host}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserGuardTest {
  @TempDir static Path data;
  private SyncMeshNode node;
  private int port;

  @BeforeAll
  void start() {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.toString());
    settings.put("syncmesh.http.allowed-hosts", "mesh.example.org");
    node =
        SyncMeshNode.start(
            NodeConfig.load(settings), List.of(new PeerFeature(new Credentials(name -> null))));
    port = node.httpBaseUri().getPort();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void hostsThatCannotBeReboundAreServedAndOthersAreRefused() throws IOException {
    for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "app.localhost", "mesh.example.org")) {
      assertThat(send("GET", "/api/peers", host, null, null)).as(host).startsWith("HTTP/1.1 200");
    }
    String refused = send("GET", "/api/peers", "attacker.example:" + port, null, null);
    assertThat(refused).startsWith("HTTP/1.1 403").contains("forbidden-host");
    // The federation API (root routes) is guarded too.
    assertThat(send("GET", "/federation/v1/peers/x/head", "rebound.example", null, null))
        .startsWith("HTTP/1.1 403")
        .contains("forbidden-host");
  }

  @Test
  void aStateChangingRequestFromAForeignPageIsRefusedAndChangesNothing() throws IOException {
    String self = "127.0.0.1:" + port;
    String create = "{\"name\":\"csrf-victim\"}";
    for (String origin : List.of("http://attacker.example", "null", "http://127.0.0.1:" + (port + 1), "https://127.0.0.1:" + port)) {
      assertThat(send("POST", "/api/peers", self, origin, create)).as(origin).startsWith("HTTP/1.1 403").contains("forbidden-origin");
    }
    assertThat(send("GET", "/api/peers/csrf-victim", self, null, null)).startsWith("HTTP/1.1 404");
    // Reading from a foreign page is left to the browser's same-origin rule.
    assertThat(send("GET", "/api/peers", self, "http://attacker.example", null)).startsWith("HTTP/1.1 200");
    // The node's own pages, listed hosts' pages and clients without Origin may change it.
    assertThat(send("POST", "/api/peers", self, "http://" + self, "{\"name\":\"own-page\"}")).startsWith("HTTP/1.1 201");
    assertThat(send("POST", "/api/peers", self, "https://mesh.example.org", "{\"name\":\"listed-page\"}")).startsWith("HTTP/1.1 201");
    assertThat(send("POST", "/api/peers", self, null, "{\"name\":\"no-browser\"}")).startsWith("HTTP/1.1 201");
  }

  @Test
  void theChecksOfOneRequest() {
    BrowserGuard guard = new BrowserGuard("node1", List.of("mesh.example.org"));
    assertThat(guard.servesHost("node1")).isTrue();
    assertThat(guard.servesHost("10.1.2.3")).isTrue();
    assertThat(guard.servesHost("fe80::1")).isTrue();
    assertThat(guard.servesHost("NODE1")).isTrue();
    assertThat(guard.servesHost("node1.attacker.example")).isFalse();
    assertThat(guard.servesHost("localhost.attacker.example")).isFalse();
    assertThat(guard.servesOrigin("http://node1:8080", "node1:8080")).isTrue();
    assertThat(guard.servesOrigin("http://node1", "node1:80")).isTrue();
    assertThat(guard.servesOrigin("http://node1:8081", "node1:8080")).isFalse();
    assertThat(guard.servesOrigin("http://[::1]:8080", "[::1]:8080")).isTrue();
    assertThat(guard.servesOrigin("not a url", "node1:8080")).isFalse();
    assertThat(BrowserGuard.hostName("[::1]:8080")).isEqualTo("::1");
    assertThat(BrowserGuard.hostName("node1")).isEqualTo("node1");
  }

  /** One request on a new connection; the status line and the body. */
  private String send(String method, String path, String host, String origin, String json)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
      if (origin != null) {
        request.append("Origin: ").append(origin).append("\r\n");
      }
      if (json != null) {
        request.append("Content-Type: application/json\r\n");
      }
      request.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
