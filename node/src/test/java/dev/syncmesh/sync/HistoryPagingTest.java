package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.H2Node;
import dev.syncmesh.peer.PeerState;
import dev.syncmesh.testing.MeshApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * History beyond the newest 1,000 sessions the state keeps: pages go on into the journal, and
 * once a collection removed an old session's full result, its entry still answers as a summary
 * (outcome, end, reason). The grace is 1 s so that a collection here removes old results.
 */
class HistoryPagingTest {
  @RegisterExtension
  static final H2Node NODE =
      new H2Node(Map.of("syncmesh.gc.grace", "1s", "syncmesh.gc.every", "0s"));

  private static final MeshApi api = NODE.api();
  private static final int SESSIONS = PeerState.Active.HISTORY_KEPT + 30;

  @Test
  void historyPagesIntoTheJournalAndKeepsSummariesOfCollectedResults() {
    api.pair("hp-a", "hp-b");
    api.put("hp-b", "tasks/1", "{\"n\":1}");
    List<String> started = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      started.add(api.sync("hp-a", "r", null).path("sessionId").asText());
    }
    List<String> newestFirst = new ArrayList<>(started);
    java.util.Collections.reverse(newestFirst);

    List<JsonNode> all = everything("hp-a", 400);
    assertThat(all).extracting(r -> r.path("sessionId").asText()).containsExactlyElementsOf(newestFirst);
    assertThat(all.get(all.size() - 1).path("outcome").asText()).isEqualTo("FAST_FORWARD");
    assertThat(all).allSatisfy(r -> assertThat(r.has("summary")).isFalse());
    assertOrderedByEnd(all);
    // A page may start anywhere, in the state or beyond it.
    String deep = newestFirst.get(SESSIONS - 10);
    JsonNode tail = api.get("/peers/hp-a/sync/history?limit=100&before=" + deep);
    assertThat(tail.path("results").size()).isEqualTo(9);
    assertThat(tail.path("next").isNull()).isTrue();
    api.problem(404, "session-not-found", "GET", "/peers/hp-a/sync/history?before=nope", null);

    // The results beyond the newest 1,000 are garbage once the grace has passed.
    Instant old = Instant.now();
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(old.plusMillis(1100)));
    JsonNode report = api.ok("POST", "/gc", "{}");
    assertThat(report.path("deleted").asLong()).as(report.toString()).isGreaterThanOrEqualTo(30);
    NODE.restart(); // the object cache may still hold what was deleted
    List<JsonNode> after = everything("hp-a", 1000);
    assertThat(after).extracting(r -> r.path("sessionId").asText()).containsExactlyElementsOf(newestFirst);
    List<JsonNode> kept = after.subList(0, PeerState.Active.HISTORY_KEPT);
    List<JsonNode> summaries = after.subList(PeerState.Active.HISTORY_KEPT, SESSIONS);
    assertThat(kept).allSatisfy(r -> assertThat(r.has("summary")).isFalse());
    assertThat(summaries)
        .allSatisfy(
            r -> {
              assertThat(r.path("summary").asBoolean()).isTrue();
              assertThat(r.path("endedAt").isNull()).isFalse();
              assertThat(r.path("remote").asText()).isEqualTo("r");
            });
    assertThat(summaries.get(summaries.size() - 1).path("outcome").asText()).isEqualTo("FAST_FORWARD");
  }

  /** Every page of the history, following {@code next}. */
  private static List<JsonNode> everything(String peer, int limit) {
    List<JsonNode> all = new ArrayList<>();
    HashSet<String> seen = new HashSet<>();
    String next = null;
    do {
      JsonNode page =
          api.get("/peers/" + peer + "/sync/history?limit=" + limit + (next == null ? "" : "&before=" + next));
      page.path("results").forEach(r -> {
        assertThat(seen.add(r.path("sessionId").asText())).isTrue();
        all.add(r);
      });
      next = page.path("next").textValue();
    } while (next != null);
    return all;
  }

  private static void assertOrderedByEnd(List<JsonNode> results) {
    for (int i = 1; i < results.size(); i++) {
      Instant newer = Instant.parse(results.get(i - 1).path("endedAt").asText());
      Instant older = Instant.parse(results.get(i).path("endedAt").asText());
      assertThat(older).isBeforeOrEqualTo(newer);
    }
  }
}
