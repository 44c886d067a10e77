package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.H2Node;
import dev.syncmesh.testing.MeshApi;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code "dryRun": true}: what a sync would do (outcome, changes per side, conflicts, what the
 * push would send), and afterwards nothing of either peer has moved; then the real sync does
 * what the dry run said.
 */
class DryRunTest {
  @RegisterExtension static final H2Node NODE = new H2Node();
  private static final MeshApi api = NODE.api();

  @Test
  void aDryRunSaysWhatTheSyncWouldDoAndMovesNothing() {
    api.pair("dr-a", "dr-b");
    api.put("dr-a", "tasks/1", "{\"title\":\"base\",\"n\":1}");
    api.put("dr-a", "tasks/2", "{\"gone\":false}");
    api.sync("dr-b", "r", null);
    api.put("dr-a", "tasks/1", "{\"title\":\"mine\",\"n\":1}");
    api.put("dr-a", "tasks/3", "{\"ours\":true}");
    api.put("dr-b", "tasks/1", "{\"title\":\"yours\",\"n\":2}");
    api.ok("DELETE", "/peers/dr-b/records/tasks/2", null);
    api.put("dr-b", "notes/1", "{\"theirs\":true}");
    api.ok("PUT", "/peers/dr-a/autocommit", "{\"mode\":\"off\"}");
    api.put("dr-a", "tasks/4", "{\"uncommitted\":true}");
    List<String> before = snapshot("dr-a", "dr-b");

    JsonNode conflicted = dryRun("dr-a", null);
    assertThat(conflicted.path("dryRun").asBoolean()).isTrue();
    assertThat(conflicted.path("outcome").asText()).isEqualTo("CONFLICTS");
    assertThat(conflicted.path("conflictCount").asInt()).isEqualTo(1);
    assertThat(conflicted.path("conflicts").get(0).path("field").asText()).isEqualTo("title");
    assertThat(conflicted.path("newHead").isNull()).isTrue();
    assertThat(conflicted.path("push").path("wouldPush").asBoolean()).isFalse();

    JsonNode settled = dryRun("dr-a", "theirs");
    assertThat(settled.path("outcome").asText()).as(settled.toString()).isEqualTo("MERGED");
    assertThat(settled.path("conflictsResolved").asBoolean()).isTrue();
    JsonNode incoming = settled.path("incoming");
    assertThat(incoming.path("added").asInt()).isEqualTo(1); // notes/1
    assertThat(incoming.path("modified").asInt()).isEqualTo(1); // tasks/1
    assertThat(incoming.path("deleted").asInt()).isEqualTo(1); // tasks/2
    assertThat(incoming.path("firstKeys").toString())
        .isEqualTo("[\"notes/1\",\"tasks/1\",\"tasks/2\"]");
    JsonNode push = settled.path("push");
    assertThat(push.path("wouldPush").asBoolean()).isTrue();
    assertThat(push.path("commits").asInt()).isEqualTo(3); // ours two, and the merge commit
    assertThat(push.path("changes").path("firstKeys").toString())
        .isEqualTo("[\"tasks/3\"]");

    assertThat(snapshot("dr-a", "dr-b")).isEqualTo(before);

    JsonNode real = api.sync("dr-a", "r", "theirs");
    assertThat(real.path("outcome").asText()).isEqualTo("MERGED");
    assertThat(api.record("dr-a", "tasks/1")).isEqualTo("{\"n\":2,\"title\":\"yours\"}");
    assertThat(api.record("dr-a", "tasks/2")).isNull();
    assertThat(api.record("dr-b", "tasks/3")).isEqualTo("{\"ours\":true}");
    assertThat(dryRun("dr-a", null).path("outcome").asText()).isEqualTo("UP_TO_DATE");
  }

  @Test
  void aDryRunThatCannotRunSaysWhyAndStillMovesNothing() {
    api.pair("df-a", "df-b");
    api.remote("df-a", "ghost", "df-nobody");
    JsonNode failed = api.ok("POST", "/peers/df-a/sync", "{\"remote\":\"ghost\",\"dryRun\":true}");
    assertThat(failed.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(failed.path("error").path("kind").asText()).isEqualTo("NOT_FOUND");
    assertThat(failed.path("error").path("phase").asText()).isEqualTo("fetch");
    assertThat(api.get("/peers/df-a/sync/history").path("results").size()).isZero();

    api.problem(404, "remote-not-found", "POST", "/peers/df-a/sync", "{\"remote\":\"nope\",\"dryRun\":true}");
    api.problem(400, "invalid-request", "POST", "/peers/df-a/sync",
        "{\"remote\":\"r\",\"dryRun\":true,\"followUp\":true}");
    api.problem(400, "invalid-request", "POST", "/peers/df-a/sync", "{\"remote\":\"r\",\"dryRun\":\"yes\"}");
  }

  private static JsonNode dryRun(String peer, String strategy) {
    return api.ok(
        "POST",
        "/peers/" + peer + "/sync",
        "{\"remote\":\"r\",\"dryRun\":true,\"strategy\":"
            + (strategy == null ? "null" : "\"" + strategy + "\"")
            + "}");
  }

  /** What a dry run must leave as it was: heads, working sets, sessions, history. */
  private static List<String> snapshot(String... peers) {
    List<String> all = new java.util.ArrayList<>();
    for (String peer : peers) {
      JsonNode state = api.get("/peers/" + peer);
      all.add(state.toString());
      all.add(api.get("/peers/" + peer + "/working-set").toString());
      all.add(api.get("/peers/" + peer + "/sync/history").toString());
      all.add(api.get("/peers/" + peer + "/log?limit=50").toString());
    }
    return all;
  }
}
