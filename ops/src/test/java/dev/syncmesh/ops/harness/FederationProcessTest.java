package dev.syncmesh.ops.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.federation.HostilePushes;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.testing.MeshApi;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two meshes as separate node processes with separate databases: {@code west} on embedded H2,
 * {@code east} on MariaDB. East's peers have remotes in west, reached over HTTP with west's
 * federation tokens. A clone, incremental syncs with changes on both sides and each strategy,
 * access lists, a wrong token and a remote that is down, hostile packs, a transfer cut in the
 * middle (the serving node killed) that resumes where it stopped, and a session whose node is
 * killed between phases, resumed when it restarts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederationProcessTest {
  private static final String EAST_TOKEN = "east-token-7f3a";
  private static final Duration UP = Duration.ofSeconds(120);

  private MeshHarness west;
  private MeshHarness east;
  private MeshApi westApi;
  private MeshApi eastApi;
  /** A proxy to west that can cut a transfer, and a port nothing listens on. */
  private TcpProxy wire;
  private int downPort;
  /** The origins east's credential 'west' may be sent to: west, the wire, the dead port. */
  private String westOrigins;

  @BeforeAll
  void start() {
    west =
        MeshHarness.builder()
            .nodes(1)
            .embedded()
            .env("SYNCMESH_TOKENS", "east=" + EAST_TOKEN + ",other=other-token")
            .start();
    east =
        MeshHarness.builder()
            .nodes(1)
            .env("SYNCMESH_CREDENTIAL_WEST", EAST_TOKEN)
            .env("SYNCMESH_CREDENTIAL_WEST_URL", westOrigins())
            .env("SYNCMESH_CREDENTIAL_BAD", "not-the-token")
            .env("SYNCMESH_CREDENTIAL_BAD_URL", west.node(0).baseUri().toString())
            .start();
    awaitApi(west);
    awaitApi(east);
    westApi = new MeshApi(west.node(0).baseUri());
    eastApi = new MeshApi(east.node(0).baseUri());
  }

  @AfterAll
  void stop() {
    if (wire != null) {
      wire.close();
    }
    if (east != null) {
      east.close();
    }
    if (west != null) {
      west.close();
    }
  }

  @Test
  void aCloneThenIncrementalSyncsBothWaysWithEachStrategy() {
    shared("issues", 2_000, "Issue");
    eastApi.createPeer("issues");
    remote("issues", "west", west.node(0).baseUri(), "issues", "west");

    JsonNode clone = eastApi.sync("issues", "west", null);
    assertThat(clone.path("outcome").asText()).as(clone.toString()).isEqualTo("FAST_FORWARD");
    assertThat(clone.path("objectsReceived").asLong()).isGreaterThan(2_001);
    assertThat(eastApi.head("issues")).isEqualTo(westApi.head("issues"));

    // ours: east's value of the conflicting field wins, on both sides
    conflict("ours-e", "ours-w");
    eastApi.put("issues", "bugs/e-1", "{\"by\":\"east\"}");
    westApi.put("issues", "bugs/w-1", "{\"by\":\"west\"}");
    JsonNode ours = eastApi.sync("issues", "west", "ours");
    assertMerged(ours);
    assertThat(westApi.record("issues", "issues/i-000007")).contains("ours-e");
    assertThat(westApi.record("issues", "bugs/e-1")).isEqualTo("{\"by\":\"east\"}");
    assertThat(eastApi.record("issues", "bugs/w-1")).isEqualTo("{\"by\":\"west\"}");

    conflict("theirs-e", "theirs-w");
    JsonNode theirs = eastApi.sync("issues", "west", "theirs");
    assertMerged(theirs);
    assertThat(eastApi.record("issues", "issues/i-000007")).contains("theirs-w");

    // no strategy: the conflict waits for a person; the merge then goes back by a push
    conflict("manual-e", "manual-w");
    JsonNode left = eastApi.sync("issues", "west", null);
    assertThat(left.path("outcome").asText()).as(left.toString()).isEqualTo("CONFLICTS");
    assertThat(left.path("conflicts").size()).isEqualTo(1);
    eastApi.ok(
        "POST",
        "/peers/issues/conflicts/resolve",
        "{\"key\":\"issues/i-000007\",\"field\":\"title\",\"choice\":\"value\",\"value\":\"settled\"}");
    eastApi.ok("POST", "/peers/issues/merge/commit", null);
    JsonNode pushed = eastApi.sync("issues", "west", null);
    assertThat(pushed.path("outcome").asText()).as(pushed.toString()).isEqualTo("REMOTE_BEHIND");
    assertThat(pushed.path("pushed").asBoolean()).isTrue();
    assertThat(westApi.record("issues", "issues/i-000007")).contains("settled");
    assertThat(westApi.head("issues")).isEqualTo(eastApi.head("issues"));

    JsonNode noop = eastApi.sync("issues", "west", null);
    assertThat(noop.path("outcome").asText()).isEqualTo("UP_TO_DATE");
    assertThat(noop.path("objectsReceived").asLong()).isZero();
  }

  @Test
  void accessListsWrongTokensAndARemoteThatIsDown() {
    westApi.createPeer("locked");
    westApi.ok("PUT", "/peers/locked/access", "{\"pull\":[\"east\"],\"push\":[\"other\"]}");
    westApi.put("locked", "t/1", "{\"v\":1}");
    eastApi.createPeer("locked");
    remote("locked", "west", west.node(0).baseUri(), "locked", "west");
    remote("locked", "bad", west.node(0).baseUri(), "locked", "bad");
    remote("locked", "down", URI.create("http://127.0.0.1:" + downPort), "locked", "west");

    assertThat(eastApi.sync("locked", "west", null).path("outcome").asText()).isEqualTo("FAST_FORWARD");
    String westHead = westApi.head("locked");
    eastApi.put("locked", "t/2", "{\"v\":2}");
    JsonNode denied = eastApi.sync("locked", "west", null);
    assertThat(denied.path("outcome").asText()).as(denied.toString()).isEqualTo("REMOTE_BEHIND");
    assertThat(denied.path("pushed").asBoolean()).isFalse();
    assertThat(denied.path("pushError").path("kind").asText()).isEqualTo("AUTH");
    assertThat(westApi.head("locked")).isEqualTo(westHead);

    JsonNode wrong = eastApi.sync("locked", "bad", null);
    assertThat(wrong.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(wrong.path("error").path("kind").asText()).isEqualTo("AUTH");
    assertThat(wrong.toString()).doesNotContain("not-the-token");

    JsonNode down = eastApi.sync("locked", "down", null);
    assertThat(down.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(down.path("error").path("kind").asText()).isEqualTo("NETWORK");
    assertThat(eastApi.record("locked", "t/2")).isEqualTo("{\"v\":2}"); // still serving
  }

  @Test
  void hostilePacksAreRefusedAndNoHeadMoves() {
    westApi.createPeer("target");
    westApi.ok("PUT", "/peers/target/access", "{\"pull\":[],\"push\":[\"east\"]}");
    westApi.put("target", "t/1", "{\"v\":1}");
    new HostilePushes(west.node(0).baseUri(), EAST_TOKEN).run("target");
  }

  @Test
  void aTransferCutInTheMiddleResumesWhereItStopped() throws Exception {
    int records = 20_000;
    shared("big", records, "Big issue");
    eastApi.createPeer("big");
    remote("big", "west", wire.uri(), "big", "west");
    // The pack holds 20,000 blobs and their tree: about 1.9 MB; cut near its middle.
    wire.cutAfter(900_000);
    JsonNode cut = eastApi.sync("big", "west", null); // every retry is refused while held
    assertThat(wire.awaitCut(Duration.ofSeconds(1))).as("the cut happened").isTrue();
    assertThat(cut.path("outcome").asText()).as(cut.toString()).isEqualTo("FAILED");
    assertThat(cut.path("error").path("kind").asText()).isEqualTo("NETWORK");
    assertThat(eastApi.head("big")).isNull();
    west.kill9(0);
    west.restart(0);
    awaitApi(west);
    wire.reopen();

    JsonNode rest = eastApi.sync("big", "west", null);
    assertThat(rest.path("outcome").asText()).as(rest.toString()).isEqualTo("FAST_FORWARD");
    assertThat(eastApi.head("big")).isEqualTo(westApi.head("big"));
    assertThat(eastApi.get("/peers/big").path("records").asInt()).isEqualTo(records);
    // Resumed, not restarted: a restart sends every blob again (20,000 and more objects).
    long objects = rest.path("objectsReceived").asLong();
    assertThat(objects).isBetween(1L, records * 4L / 5);
    System.out.printf(
        "federation: after a cut at 900000 bytes, the resumed clone moved %d objects, %d bytes%n",
        objects, rest.path("bytesReceived").asLong());
  }

  @Test
  void aSessionInterruptedByACrashResumesOnTheRestartedNode() {
    shared("crash", 500, "Crash issue");
    try (MeshHarness held =
        MeshHarness.builder()
            .nodes(1)
            .env("SYNCMESH_CREDENTIAL_WEST", EAST_TOKEN)
            .env("SYNCMESH_CREDENTIAL_WEST_URL", westOrigins())
            .env("SYNCMESH_CHAOS_PHASE_DELAY", "merge:4000")
            .start()) {
      awaitApi(held);
      MeshApi api = new MeshApi(held.node(0).baseUri());
      api.createPeer("crash");
      api.ok(
          "PUT",
          "/peers/crash/remotes/west",
          "{\"url\":\"" + west.node(0).baseUri() + "\",\"peer\":\"crash\",\"credential\":\"west\"}");
      String session =
          api.expect(202, "POST", "/peers/crash/sync", "{\"remote\":\"west\",\"wait\":false}")
              .path("sessionId")
              .asText();
      held.await(
          UP,
          "the fetch to complete",
          () -> api.get("/peers/crash/sync/sessions/" + session).path("fetched").asBoolean());
      held.kill9(0); // inside the merge phase, held by the chaos delay
      held.restart(0);
      awaitApi(held);

      JsonNode[] result = new JsonNode[1];
      held.await(
          UP,
          "the session to finish after the restart",
          () -> {
            result[0] = api.get("/peers/crash/sync/sessions/" + session);
            return !result[0].path("outcome").asText().equals("RUNNING");
          });
      assertThat(result[0].path("outcome").asText()).as(result[0].toString()).isEqualTo("FAST_FORWARD");
      assertThat(result[0].path("resumes").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(api.head("crash")).isEqualTo(westApi.head("crash"));
      assertThat(api.get("/peers/crash").path("records").asInt()).isEqualTo(500);
    }
  }

  private String westOrigins() {
    if (westOrigins == null) {
      wire = TcpProxy.to(west.node(0).baseUri());
      downPort = freePort();
      westOrigins = west.node(0).baseUri() + "," + wire.uri() + ",http://127.0.0.1:" + downPort;
    }
    return westOrigins;
  }

  /** Up, and its API bound (management's {@code /ready} waits for the bind too). */
  private static void awaitApi(MeshHarness mesh) {
    mesh.awaitUp(UP);
    mesh.await(UP, "the API", () -> TestNodes.status(mesh.node(0).api("/peers")) == 200);
  }

  private void shared(String peer, int records, String title) {
    westApi.createPeer(peer);
    westApi.ok("PUT", "/peers/" + peer + "/access", "{\"pull\":[\"east\"],\"push\":[\"east\"]}");
    for (int from = 0; from < records; from += 1000) {
      List<String> writes = new ArrayList<>();
      for (int i = from; i < Math.min(records, from + 1000); i++) {
        writes.add(
            String.format(
                "{\"key\":\"issues/i-%06d\",\"value\":{\"title\":\"%s %d\",\"state\":\"open\"}}",
                i, title, i));
      }
      westApi.ok("POST", "/peers/" + peer + "/transactions", "{\"writes\":[" + String.join(",", writes) + "]}");
    }
  }

  /** Both sides change the title of issue 7, and each another record. */
  private void conflict(String eastTitle, String westTitle) {
    eastApi.put("issues", "issues/i-000007", "{\"title\":\"" + eastTitle + "\",\"state\":\"open\"}");
    westApi.put("issues", "issues/i-000007", "{\"title\":\"" + westTitle + "\",\"state\":\"open\"}");
    eastApi.put("issues", "issues/i-000100", "{\"title\":\"" + eastTitle + "\",\"state\":\"east\"}");
    westApi.put("issues", "issues/i-000200", "{\"title\":\"" + westTitle + "\",\"state\":\"west\"}");
  }

  private void assertMerged(JsonNode result) {
    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("MERGED");
    assertThat(result.path("conflicts").size()).isEqualTo(1);
    assertThat(result.path("conflictsResolved").asBoolean()).isTrue();
    assertThat(result.path("pushed").asBoolean()).isTrue();
    assertThat(result.path("objectsReceived").asLong()).isBetween(3L, 20L);
    assertThat(westApi.head("issues")).isEqualTo(eastApi.head("issues"));
    assertThat(eastApi.record("issues", "issues/i-000200")).contains("west");
    assertThat(westApi.record("issues", "issues/i-000100")).contains("east");
  }

  private void remote(String peer, String name, URI url, String remotePeer, String credential) {
    eastApi.ok(
        "PUT",
        "/peers/" + peer + "/remotes/" + name,
        "{\"url\":\"" + url + "\",\"peer\":\"" + remotePeer + "\",\"credential\":\"" + credential + "\"}");
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
