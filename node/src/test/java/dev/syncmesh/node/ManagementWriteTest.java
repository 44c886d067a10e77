package dev.syncmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code SYNCMESH_MANAGEMENT_WRITE} on, management's leave and down routes take the API token;
 * the health checks and the read routes stay open to probes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementWriteTest {
  private static final String TOKEN = "management-test-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path data;
  private SyncMeshNode node;

  @BeforeAll
  void start() {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.toString());
    settings.put("syncmesh.api-token", TOKEN);
    settings.put("syncmesh.management.allow-write", "on");
    node = SyncMeshNode.start(NodeConfig.load(settings));
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void probesAndReadsNeedNoToken() throws Exception {
    assertThat(send("GET", "/ready", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/alive", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/cluster/members", null).statusCode()).isEqualTo(200);
  }

  @Test
  void leaveAndDownNeedTheApiTokenAndChangeNothingWithout() throws Exception {
    String self = node.settings().selfAddress();
    HttpResponse<String> down = send("PUT", member(self), null, "operation=Down");
    assertThat(down.statusCode()).isEqualTo(401);
    assertThat(down.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(send("DELETE", member(self), "wrong-token").statusCode()).isEqualTo(401);
    assertThat(TestNodes.isUp(node, self)).isTrue();
    // With the token the request reaches Pekko Management: a member it does not know is 404.
    HttpResponse<String> unknown =
        send("PUT", member("pekko://syncmesh@127.0.0.1:1"), TOKEN, "operation=Down");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(TestNodes.isUp(node, self)).isTrue();
  }

  private static String member(String address) {
    return "/cluster/members/" + URLEncoder.encode(address, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> send(String method, String path, String token) throws Exception {
    return send(method, path, token, null);
  }

  private HttpResponse<String> send(String method, String path, String token, String form)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.managementUri() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                form == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(form));
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
