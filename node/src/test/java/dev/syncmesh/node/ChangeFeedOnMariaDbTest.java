package dev.syncmesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.syncmesh.testing.MeshApi;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The continuous change feed on MariaDB: the journal's read side (the JDBC read journal on the
 * MySQL profile) sees a new commit within seconds. The feed itself is tested on H2
 * ({@code ChangeFeedApiTest}).
 */
class ChangeFeedOnMariaDbTest {
  @Test
  void aNewCommitReachesAnOpenFeed() throws Exception {
    try (TestMariaDb database = TestMariaDb.create();
        SyncMeshNode node = SyncMeshNode.start(TestNodes.mariaDb(database))) {
      MeshApi api = new MeshApi(node.httpBaseUri());
      api.createPeer("feed");
      String first = api.put("feed", "notes/1", "{}").path("commit").asText();
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(node.httpBaseUri() + "/api/peers/feed/changes?feed=continuous"))
              .build();
      HttpResponse<InputStream> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
      List<String> ids = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                  lines.lines().filter(l -> l.startsWith("id:")).forEach(l -> ids.add(l.substring(3)));
                } catch (Exception e) {
                  // hung up below
                }
              });
      reader.setDaemon(true);
      reader.start();
      assertThat(response.statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> ids.equals(List.of(first)));

      String second = api.put("feed", "notes/2", "{}").path("commit").asText();

      await().atMost(Duration.ofSeconds(5)).until(() -> ids.equals(List.of(first, second)));
      response.body().close();
    }
  }
}
