package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.H2Node;
import dev.syncmesh.testing.MeshApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pending merge blocks only the sessions that could need a person, and a blocked session is
 * never skipped silently: it is refused ({@code merge-pending}) and left in the history as {@code
 * SKIPPED} with the reason (once per pending merge and remote), which status shows.
 */
class PendingMergeBlocksTest {
  @RegisterExtension static final H2Node NODE = new H2Node();
  private static final MeshApi api = NODE.api();

  /** {@code a} with a merge pending from remote {@code r} (peer {@code b}). */
  private static void pendingMerge(String a, String b) {
    api.pair(a, b);
    api.put(a, "tasks/1", "{\"title\":\"base\"}");
    api.sync(b, "r", null);
    api.put(a, "tasks/1", "{\"title\":\"mine\"}");
    api.put(b, "tasks/1", "{\"title\":\"yours\"}");
    assertThat(api.sync(a, "r", null).path("outcome").asText()).isEqualTo("CONFLICTS");
  }

  @Test
  void aBlockedSyncIsRefusedAndRecordedOnceAsSkippedWithItsReason() {
    pendingMerge("pb-a", "pb-b");
    api.problem(409, "merge-pending", "POST", "/peers/pb-a/sync", "{\"remote\":\"r\"}");
    api.problem(409, "merge-pending", "POST", "/peers/pb-a/sync", "{\"remote\":\"r\",\"strategy\":\"ours\"}");

    JsonNode history = api.get("/peers/pb-a/sync/history?remote=r").path("results");
    assertThat(outcomes(history)).containsExactly("SKIPPED", "CONFLICTS");
    JsonNode skipped = history.get(0);
    assertThat(skipped.path("reason").asText())
        .startsWith("a merge from remote r is pending (session ")
        .contains("resolve and commit it, or abort it");
    assertThat(skipped.path("phases").findValuesAsText("status")).containsOnly("SKIPPED");
    assertThat(skipped.path("fetched").asBoolean()).isFalse();
    assertThat(history.get(1).has("reason")).isFalse();

    JsonNode status = api.get("/peers/pb-a/sync/status?remote=r");
    assertThat(status.path("lastOutcome").asText()).isEqualTo("SKIPPED");
    assertThat(status.path("lastReason").asText()).isEqualTo(skipped.path("reason").asText());
    assertThat(status.path("hasConflicts").asBoolean()).isTrue();

    // Once the merge is committed, the remote syncs again.
    api.ok("POST", "/peers/pb-a/conflicts/resolve", "{\"key\":\"tasks/1\",\"field\":\"title\",\"choice\":\"theirs\"}");
    api.ok("POST", "/peers/pb-a/merge/commit", null);
    assertThat(api.sync("pb-a", "r", null).path("outcome").asText()).isEqualTo("REMOTE_BEHIND");
    assertThat(api.get("/peers/pb-a/sync/status?remote=r").path("lastReason").textValue()).isNull();
  }

  @Test
  void aSessionWhoseStrategySettlesEverythingRunsWhileAMergeIsPending() {
    pendingMerge("ps-a", "ps-b");
    api.createPeer("ps-c");
    api.remote("ps-a", "other", "ps-c");
    api.remote("ps-c", "back", "ps-a");
    api.put("ps-c", "notes/1", "{\"from\":\"c\"}");
    api.put("ps-c", "tasks/1", "{\"title\":\"c's\"}");

    api.problem(409, "merge-pending", "POST", "/peers/ps-a/sync", "{\"remote\":\"other\"}");
    JsonNode ran = api.sync("ps-a", "other", "ours");
    assertThat(ran.path("outcome").asText()).as(ran.toString()).isEqualTo("MERGED");
    assertThat(api.record("ps-a", "notes/1")).isEqualTo("{\"from\":\"c\"}");
    assertThat(outcomes(api.get("/peers/ps-a/sync/history?remote=other").path("results")))
        .containsExactly("MERGED", "SKIPPED");
    // With manual rules even a strategy could leave fields for a person: blocked.
    api.ok("PUT", "/peers/ps-a/merge-rules", "{\"rules\":{\"tasks\":{\"title\":\"manual\"}}}");
    api.problem(409, "merge-pending", "POST", "/peers/ps-a/sync", "{\"remote\":\"other\",\"strategy\":\"ours\"}");
    api.ok("PUT", "/peers/ps-a/merge-rules", "{\"rules\":{}}");

    // The pending merge commits on the head the other session moved, keeping both.
    api.ok("POST", "/peers/ps-a/conflicts/resolve", "{\"key\":\"tasks/1\",\"field\":\"title\",\"choice\":\"theirs\"}");
    api.ok("POST", "/peers/ps-a/merge/commit", null);
    assertThat(api.record("ps-a", "tasks/1")).isEqualTo("{\"title\":\"yours\"}");
    assertThat(api.record("ps-a", "notes/1")).isEqualTo("{\"from\":\"c\"}");
  }

  @Test
  void aScheduledSyncThatAPendingMergeBlocksIsRecordedAsSkipped() throws Exception {
    pendingMerge("pc-a", "pc-b");
    api.ok("PUT", "/peers/pc-a/remotes/r", "{\"syncEverySeconds\":1}");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    List<String> outcomes = List.of();
    while (Instant.now().isBefore(deadline)) {
      outcomes = outcomes(api.get("/peers/pc-a/sync/history?remote=r").path("results"));
      if (outcomes.contains("SKIPPED")) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(outcomes).first().isEqualTo("SKIPPED");
    assertThat(api.get("/peers/pc-a/sync/status?remote=r").path("lastOutcome").asText())
        .isEqualTo("SKIPPED");
    api.ok("PUT", "/peers/pc-a/remotes/r", "{\"syncEverySeconds\":null}");
  }

  private static List<String> outcomes(JsonNode results) {
    List<String> outcomes = new ArrayList<>();
    results.forEach(result -> outcomes.add(result.path("outcome").asText()));
    return outcomes;
  }
}
