package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.H2Node;
import dev.syncmesh.testing.MeshApi;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tracking heads in one mesh: a session leaves the remote's head it fetched or pushed; a status
 * call that finds the remote moved to a head stored here records it; removing the remote forgets
 * it. (A federated remote that cannot be reached: {@code FederationApiTest}.)
 */
class TrackingHeadTest {
  @RegisterExtension static final H2Node NODE = new H2Node();
  private static final MeshApi api = NODE.api();

  @Test
  void sessionsAndStatusKeepTheTrackingHeadAndRemovingTheRemoteForgetsIt() throws Exception {
    api.pair("th-a", "th-b");
    api.put("th-b", "tasks/1", "{\"n\":1}");
    JsonNode first = api.sync("th-a", "r", null);
    assertThat(status("th-a").path("trackingHead").asText()).isEqualTo(first.path("remoteHead").asText());

    api.put("th-b", "tasks/2", "{\"n\":2}");
    String moved = api.head("th-b");
    JsonNode live = status("th-a");
    assertThat(live.path("behind").asInt()).isEqualTo(1);
    assertThat(live.path("stale").asBoolean()).isFalse();
    assertThat(live.path("trackingHead").asText()).isEqualTo(moved);
    // The status recorded the new head in the peer's state: it is there after the call.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!moved.equals(trackingInState("th-a")) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(trackingInState("th-a")).isEqualTo(moved);

    assertThat(api.send("DELETE", "/peers/th-a/remotes/r", null).statusCode()).isEqualTo(204);
    api.remote("th-a", "r", "th-b");
    assertThat(trackingInState("th-a")).isNull();
  }

  private static JsonNode status(String peer) {
    return api.get("/peers/" + peer + "/sync/status?remote=r");
  }

  /** The tracking head of remote {@code r} as the peer's state has it. */
  private static String trackingInState(String peer) {
    return api.get("/peers/" + peer + "/remotes").path("tracking").path("r").path("head").textValue();
  }
}
