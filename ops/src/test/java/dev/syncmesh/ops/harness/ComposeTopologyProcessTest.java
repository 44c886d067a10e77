package dev.syncmesh.ops.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.testing.MeshApi;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The federation docker-compose.yml describes, as real processes: mesh west (three nodes on one
 * MariaDB database) and mesh east (one node on a database of its own), wired as the file wires
 * them (west accepts east's token, east holds it as credential {@code west} bound to every west
 * node); then the README's steps: west lets east pull and push a peer, east adds the remote and
 * syncs both ways, and every west node serves the result.
 */
class ComposeTopologyProcessTest {
  private static final String EAST_TOKEN = "east-to-west-5c1e";
  private static final Duration UP = Duration.ofSeconds(120);

  @Test
  void meshEastSyncsWithAPeerOfMeshWestBothWays() {
    try (MeshHarness west =
        MeshHarness.builder().nodes(3).env("SYNCMESH_TOKENS", "east=" + EAST_TOKEN).start()) {
      awaitApi(west);
      String westOrigins =
          west.nodes().stream()
              .map(node -> node.baseUri().toString().replaceAll("/$", ""))
              .collect(Collectors.joining(","));
      try (MeshHarness east =
          MeshHarness.builder()
              .nodes(1)
              .env("SYNCMESH_CREDENTIAL_WEST", EAST_TOKEN)
              .env("SYNCMESH_CREDENTIAL_WEST_URL", westOrigins)
              .start()) {
        awaitApi(east);
        assertThat(west.database()).isPresent();
        assertThat(east.database()).isPresent();
        assertThat(east.database().get().url()).isNotEqualTo(west.database().get().url());
        MeshApi west1 = new MeshApi(west.node(0).baseUri());
        MeshApi west3 = new MeshApi(west.node(2).baseUri());
        MeshApi east1 = new MeshApi(east.node(0).baseUri());

        west1.createPeer("issues");
        west1.ok("PUT", "/peers/issues/access", "{\"pull\":[\"east\"],\"push\":[\"east\"]}");
        west1.put("issues", "bugs/b-1", "{\"title\":\"from west\"}");
        east1.createPeer("issues");
        east1.ok(
            "PUT",
            "/peers/issues/remotes/west",
            "{\"url\":\"" + west.node(1).baseUri() + "\",\"peer\":\"issues\",\"credential\":\"west\"}");

        JsonNode clone = east1.sync("issues", "west", null);
        assertThat(clone.path("outcome").asText()).as(clone.toString()).isEqualTo("FAST_FORWARD");
        assertThat(east1.record("issues", "bugs/b-1")).isEqualTo("{\"title\":\"from west\"}");

        east1.put("issues", "bugs/b-2", "{\"title\":\"from east\"}");
        JsonNode pushed = east1.sync("issues", "west", null);
        assertThat(pushed.path("outcome").asText()).as(pushed.toString()).isEqualTo("REMOTE_BEHIND");
        assertThat(pushed.path("pushed").asBoolean()).isTrue();
        assertThat(west3.record("issues", "bugs/b-2")).isEqualTo("{\"title\":\"from east\"}");
        assertThat(west3.head("issues")).isEqualTo(east1.head("issues"));
        JsonNode status = east1.get("/peers/issues/sync/status?remote=west");
        assertThat(status.path("ahead").asInt()).isZero();
        assertThat(status.path("behind").asInt()).isZero();
      }
    }
  }

  /** Up, and the API of every node bound. */
  private static void awaitApi(MeshHarness mesh) {
    mesh.awaitUp(UP);
    for (MeshNode node : mesh.nodes()) {
      mesh.await(UP, "the API", () -> TestNodes.status(node.api("/peers")) == 200);
    }
  }
}
