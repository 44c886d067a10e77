package dev.syncmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.PeerFeature;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
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
 * The dashboard's assets on a node with an API token: served without it (they hold no data) with
 * a policy that lets the page run only its own scripts and reach only its own origin, while the
 * API they call still needs the token; nothing outside the asset folder is served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiRoutesTest {
  @TempDir static Path data;
  private SyncMeshNode node;
  private int port;

  @BeforeAll
  void start() {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.toString());
    settings.put("syncmesh.api-token", "ui-secret");
    node = SyncMeshNode.start(NodeConfig.load(settings), List.of(new PeerFeature(new Credentials(name -> null))));
    port = node.httpBaseUri().getPort();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void thePageAndItsScriptsAreServedWithTheirPolicy() throws IOException {
    String page = get("/ui/");
    assertThat(page)
        .startsWith("HTTP/1.1 200")
        .containsIgnoringCase("content-type: text/html")
        .contains("Content-Security-Policy: " + UiRoutes.CONTENT_SECURITY_POLICY)
        .contains("X-Content-Type-Options: nosniff")
        .contains("<script type=\"module\" src=\"js/app.js\"></script>");
    for (String asset : List.of("app", "api", "dom", "mesh", "peer", "commit", "history", "conflicts").stream().map(name -> "/ui/js/" + name + ".js").toList()) {
      assertThat(get(asset)).as(asset).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: application/javascript");
    }
    assertThat(get("/ui/app.css")).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/css");
  }

  @Test
  void theRootAndTheBareFolderSendTheBrowserToThePage() throws IOException {
    assertThat(get("/")).startsWith("HTTP/1.1 302").contains("Location: /ui/");
    assertThat(get("/ui")).startsWith("HTTP/1.1 302").contains("Location: /ui/");
  }

  @Test
  void theApiTheyCallStillNeedsTheToken() throws IOException {
    assertThat(get("/api/cluster")).startsWith("HTTP/1.1 401");
  }

  @Test
  void nothingOutsideTheAssetFolderIsServed() throws IOException {
    for (String path :
        List.of("/ui/../application.conf", "/ui/%2e%2e/application.conf", "/ui/..%2fapplication.conf", "/uiapplication.conf", "/ui/missing.js")) {
      assertThat(get(path)).as(path).doesNotStartWith("HTTP/1.1 200").doesNotContain("pekko");
    }
  }

  private String get(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
