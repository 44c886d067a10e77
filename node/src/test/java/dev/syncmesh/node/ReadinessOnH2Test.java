package dev.syncmesh.node;

import static dev.syncmesh.node.TestNodes.get;
import static dev.syncmesh.node.TestNodes.json;
import static dev.syncmesh.node.TestNodes.postJson;
import static dev.syncmesh.node.TestNodes.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /ready} of a node on its embedded H2 database: 503 until the API is bound, and while the
 * database refuses the node's connections; 200 again, by itself, once it takes them again.
 */
class ReadinessOnH2Test {
  /** Generous: the machine has two cores and may run other tests. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path data;

  @Test
  void readyOnlyWithTheApiBoundAndNotWhileTheDatabaseRefusesTheNode() throws SQLException {
    Config config = TestNodes.h2(data);
    NodeSettings settings = NodeSettings.fromConfig(config);
    URI management = URI.create("http://" + settings.host() + ":" + settings.managementPort());
    SyncMeshNode node;
    try (StartupWatch watch =
        StartupWatch.start(management, settings.host(), settings.httpPort())) {
      node = SyncMeshNode.start(config);
      await().atMost(DEADLINE).until(() -> status(management.resolve("/ready")) == 200);
      assertThat(watch.violations()).isEmpty();
      assertThat(watch.firstReadyMillis()).isPositive();
    }
    try (node) {
      URI api = URI.create(node.httpBaseUri() + "/api");
      assertThat(postJson(URI.create(api + "/peers"), "{\"name\":\"h2-ready\"}").statusCode())
          .isEqualTo(201);
      assertThat(put(api, "r0", "{\"n\":0}").statusCode()).isEqualTo(201);

      try (Connection exclusive =
          DriverManager.getConnection(node.databaseSettings().url(), "sa", "")) {
        // Closes every other connection to the database and refuses new ones until it is undone.
        execute(exclusive, "SET EXCLUSIVE 2");
        await().atMost(DEADLINE).until(() -> status(management.resolve("/ready")) == 503);
        HttpResponse<String> ready = get(management.resolve("/ready"));
        assertThat(ready.body()).contains("Not Healthy", "(the journal's database ");

        HttpResponse<String> refused = put(api, "r1", "{\"n\":1}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(json(refused).path("type").asText()).isIn("unavailable", "timeout");
        assertThat(status(management.resolve("/ready"))).isEqualTo(503);
        execute(exclusive, "SET EXCLUSIVE 0");
      }

      await().atMost(DEADLINE).until(() -> status(management.resolve("/ready")) == 200);
      await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> put(api, "r2", "{\"n\":2}").statusCode() == 201);
      assertThat(get(record(api, "r0")).body()).isEqualTo("{\"n\":0}");
      assertThat(get(record(api, "r2")).body()).isEqualTo("{\"n\":2}");
    }
  }

  /**
   * A database closed under the node ({@code SHUTDOWN}; H2 does the same after a fatal error) is
   * not a lasting state: the next connection the pools open opens it again. At most a probe or two,
   * and the writes of that moment, see it closed; then the node is ready and writes again.
   */
  @Test
  void aShutDownDatabaseIsOpenedAgainAndTheNodeRecoversByItself() throws SQLException {
    try (SyncMeshNode node = SyncMeshNode.start(TestNodes.h2(data))) {
      URI management = node.managementUri();
      URI api = URI.create(node.httpBaseUri() + "/api");
      await().atMost(DEADLINE).until(() -> status(management.resolve("/ready")) == 200);
      assertThat(postJson(URI.create(api + "/peers"), "{\"name\":\"h2-ready\"}").statusCode())
          .isEqualTo(201);
      assertThat(put(api, "r0", "{\"n\":0}").statusCode()).isEqualTo(201);

      try (Connection connection =
          DriverManager.getConnection(node.databaseSettings().url(), "sa", "")) {
        execute(connection, "SHUTDOWN");
      }

      await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> put(api, "r1", "{\"n\":1}").statusCode() == 201);
      await().atMost(DEADLINE).until(() -> status(management.resolve("/ready")) == 200);
      assertThat(get(record(api, "r0")).body()).isEqualTo("{\"n\":0}");
      assertThat(get(record(api, "r1")).body()).isEqualTo("{\"n\":1}");
    }
  }

  private static HttpResponse<String> put(URI api, String id, String json) {
    return TestNodes.send(
        HttpRequest.newBuilder(record(api, id))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  private static URI record(URI api, String id) {
    return URI.create(api + "/peers/h2-ready/records/issues/" + id);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
