package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.H2Node;
import dev.syncmesh.testing.MeshApi;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fetch, pull and push as sessions of their own kind, with the same phases and history, and the
 * remote modes that turn a sync into a pull or a push and refuse the other way.
 */
class SessionKindsTest {
  @RegisterExtension static final H2Node NODE = new H2Node();
  private static final MeshApi api = NODE.api();

  @Test
  void aFetchMovesOnlyTheTrackingHead() {
    api.pair("kf-a", "kf-b");
    api.put("kf-b", "tasks/1", "{\"n\":1}");
    String before = api.head("kf-a");
    JsonNode fetched = session("fetch", "kf-a", null);
    assertThat(fetched.path("kind").asText()).isEqualTo("fetch");
    assertThat(fetched.path("outcome").asText()).as(fetched.toString()).isEqualTo("FETCHED");
    assertThat(statuses(fetched)).containsExactly("COMPLETED", "SKIPPED", "SKIPPED", "SKIPPED");
    assertThat(api.head("kf-a")).isEqualTo(before);
    assertThat(api.record("kf-a", "tasks/1")).isNull();
    String theirs = api.head("kf-b");
    assertThat(fetched.path("remoteHead").asText()).isEqualTo(theirs);
    assertThat(api.get("/peers/kf-a/remotes").path("tracking").path("r").path("head").asText())
        .isEqualTo(theirs);
    assertThat(api.get("/peers/kf-a/sync/history").path("results").get(0).path("kind").asText())
        .isEqualTo("fetch");
  }

  @Test
  void aPullMergesWithoutPushing() {
    api.pair("kl-a", "kl-b");
    api.put("kl-a", "tasks/1", "{\"a\":1}");
    api.put("kl-b", "tasks/2", "{\"b\":1}");
    String remoteBefore = api.head("kl-b");
    JsonNode pulled = session("pull", "kl-a", null);
    assertThat(pulled.path("outcome").asText()).as(pulled.toString()).isEqualTo("MERGED");
    assertThat(pulled.path("pushed").asBoolean()).isFalse();
    assertThat(statuses(pulled)).containsExactly("COMPLETED", "COMPLETED", "SKIPPED", "SKIPPED");
    assertThat(api.record("kl-a", "tasks/2")).isEqualTo("{\"b\":1}");
    assertThat(api.head("kl-b")).isEqualTo(remoteBefore);
  }

  @Test
  void aPushLandsOnlyAFastForwardAndRefusesTheRestTyped() {
    api.pair("kp-a", "kp-b");
    api.put("kp-a", "tasks/1", "{\"a\":1}");
    JsonNode pushed = session("push", "kp-a", null);
    assertThat(pushed.path("outcome").asText()).as(pushed.toString()).isEqualTo("REMOTE_BEHIND");
    assertThat(pushed.path("pushed").asBoolean()).isTrue();
    assertThat(api.head("kp-b")).isEqualTo(api.head("kp-a"));

    api.put("kp-b", "tasks/2", "{\"b\":1}");
    api.put("kp-a", "tasks/3", "{\"a\":3}");
    String mine = api.head("kp-a");
    String theirs = api.head("kp-b");
    JsonNode refused = session("push", "kp-a", null);
    assertThat(refused.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(refused.path("error").path("kind").asText()).isEqualTo("NON_FAST_FORWARD");
    assertThat(refused.path("pushed").asBoolean()).isFalse();
    assertThat(api.head("kp-a")).isEqualTo(mine); // nothing merged
    assertThat(api.head("kp-b")).isEqualTo(theirs);
  }

  @Test
  void aRemotesModeTurnsASyncIntoAPullOrAPushAndRefusesTheOtherWay() {
    api.pair("km-a", "km-b");
    api.ok("PUT", "/peers/km-a/remotes/r", "{\"mode\":\"pull-only\"}");
    assertThat(api.get("/peers/km-a/remotes").path("remotes").get(0).path("mode").asText())
        .isEqualTo("pull-only");
    api.put("km-a", "tasks/1", "{\"a\":1}");
    api.put("km-b", "tasks/2", "{\"b\":1}");
    JsonNode pull = api.sync("km-a", "r", null);
    assertThat(pull.path("kind").asText()).isEqualTo("pull");
    assertThat(pull.path("pushed").asBoolean()).isFalse();
    assertThat(api.record("km-b", "tasks/1")).isNull();
    api.problem(409, "remote-mode", "POST", "/peers/km-a/push", "{\"remote\":\"r\"}");

    api.ok("PUT", "/peers/km-a/remotes/r", "{\"mode\":\"push-only\"}");
    JsonNode push = api.sync("km-a", "r", null);
    assertThat(push.path("kind").asText()).isEqualTo("push");
    assertThat(push.path("outcome").asText()).as(push.toString()).isEqualTo("REMOTE_BEHIND");
    assertThat(api.record("km-b", "tasks/1")).isEqualTo("{\"a\":1}");
    api.problem(409, "remote-mode", "POST", "/peers/km-a/pull", "{\"remote\":\"r\"}");
    assertThat(session("fetch", "km-a", null).path("outcome").asText()).isEqualTo("FETCHED");

    api.problem(400, "invalid-remote", "PUT", "/peers/km-a/remotes/r", "{\"mode\":\"sideways\"}");
    api.problem(400, "invalid-request", "POST", "/peers/km-a/fetch", "{\"remote\":\"r\",\"dryRun\":true}");
    assertThat(api.get("/peers/km-a/remotes").path("remotes").get(0).path("mode").asText())
        .isEqualTo("push-only");
  }

  @Test
  void aFetchRunsWhileAMergeIsPendingAndLeavesItAsItWas() {
    api.pair("kx-a", "kx-b");
    api.put("kx-a", "tasks/1", "{\"t\":\"base\"}");
    api.sync("kx-b", "r", null);
    api.put("kx-a", "tasks/1", "{\"t\":\"a\"}");
    api.put("kx-b", "tasks/1", "{\"t\":\"b\"}");
    assertThat(api.sync("kx-a", "r", null).path("outcome").asText()).isEqualTo("CONFLICTS");
    api.put("kx-b", "tasks/2", "{\"more\":true}");
    assertThat(session("fetch", "kx-a", null).path("outcome").asText()).isEqualTo("FETCHED");
    assertThat(api.get("/peers/kx-a/conflicts").path("total").asInt()).isEqualTo(1);
    api.problem(409, "merge-pending", "POST", "/peers/kx-a/pull", "{\"remote\":\"r\"}");
  }

  private static JsonNode session(String kind, String peer, String strategy) {
    return api.ok(
        "POST",
        "/peers/" + peer + "/" + kind,
        "{\"remote\":\"r\",\"wait\":true,\"strategy\":"
            + (strategy == null ? "null" : "\"" + strategy + "\"")
            + "}");
  }

  private static List<String> statuses(JsonNode result) {
    List<String> statuses = new ArrayList<>();
    result.path("phases").forEach(phase -> statuses.add(phase.path("status").asText()));
    return statuses;
  }
}
