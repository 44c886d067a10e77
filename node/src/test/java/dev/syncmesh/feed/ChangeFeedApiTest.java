package dev.syncmesh.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.H2Node;
import dev.syncmesh.testing.MeshApi;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change feed on a real node: the commits since a commit (writes under autocommit, a batch
 * commit, a transaction, a merge commit from a sync), each with its changes against its first
 * parent, from the start, in pages; bad starts refused; the continuous feed sending each new
 * commit as it happens (a fast-forward from a sync too), heartbeats, and a reconnect with {@code
 * Last-Event-ID} that gets only what came after.
 */
class ChangeFeedApiTest {
  @RegisterExtension
  static final H2Node NODE = new H2Node(Map.of("syncmesh.feed.heartbeat", "1s"));

  private static final MeshApi api = NODE.api();
  /** A new commit must reach an open feed well within this (it polls every 500 ms). */
  private static final Duration SOON = Duration.ofSeconds(5);

  @Test
  void theCommitsSinceACommitComeOldestFirstWithTheirChanges() {
    api.pair("cf-a", "cf-b");
    String c1 = commit(api.put("cf-a", "tasks/1", "{\"n\":1}"));
    api.sync("cf-b", "r", null); // cf-b fast-forwards to c1
    String b1 = commit(api.put("cf-b", "tasks/9", "{\"n\":9}"));
    String c2 = commit(api.put("cf-a", "tasks/2", "{\"n\":2}"));
    api.ok("PUT", "/peers/cf-a/autocommit", "{\"mode\":\"batch\"}");
    api.put("cf-a", "tasks/3", "{\"n\":3}");
    api.expect(200, "DELETE", "/peers/cf-a/records/tasks/1", null);
    String c3 = commit(api.ok("POST", "/peers/cf-a/commit", "{\"message\":\"batch\"}"));
    JsonNode synced = api.sync("cf-a", "r", null);
    assertThat(synced.path("outcome").asText()).isEqualTo("MERGED");
    String merge = synced.path("headAfter").asText();

    JsonNode page = api.get("/peers/cf-a/changes?since=" + c1);

    assertThat(page.path("since").toString()).isEqualTo("[\"" + c1 + "\"]");
    assertThat(page.path("head").asText()).isEqualTo(merge);
    assertThat(page.path("next").isNull()).isTrue();
    List<JsonNode> commits = list(page.path("commits"));
    // Oldest first: b1 and c2 are both children of c1 (generation 2), in hash order.
    assertThat(hashes(commits.subList(0, 2))).containsExactlyInAnyOrder(b1, c2);
    assertThat(hashes(commits.subList(2, 4))).containsExactly(c3, merge);
    JsonNode batch = commits.get(2);
    assertThat(batch.path("message").asText()).isEqualTo("batch");
    assertThat(batch.path("parents").toString()).isEqualTo("[\"" + c2 + "\"]");
    assertThat(batch.path("size").asLong()).isEqualTo(2);
    assertThat(changes(batch)).containsExactly("deleted tasks/1", "added tasks/3");
    JsonNode merged = commits.get(3);
    assertThat(merged.path("parents").toString()).isEqualTo("[\"" + c3 + "\",\"" + b1 + "\"]");
    assertThat(changes(merged)).containsExactly("added tasks/9"); // against its first parent
    assertThat(merged.path("changesNext").isNull()).isTrue();
    JsonNode written = commits.stream().filter(c -> c.path("commit").asText().equals(c2)).findFirst().orElseThrow();
    assertThat(written.path("message").asText()).startsWith("syncmesh: put (auto-commit) by api");
    assertThat(written.path("time").asText()).isNotEmpty();
    assertThat(changes(written)).containsExactly("added tasks/2");

    assertThat(list(api.get("/peers/cf-a/changes?since=" + merge).path("commits"))).isEmpty();
  }

  @Test
  void fromTheStartInPagesThatJoinExactly() {
    api.createPeer("cf-pages");
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      made.add(commit(api.put("cf-pages", "notes/" + i, "{\"i\":" + i + "}")));
    }
    String tx =
        commit(
            api.ok(
                "POST",
                "/peers/cf-pages/transactions",
                "{\"message\":\"three\",\"writes\":[{\"key\":\"notes/a\",\"value\":{}},"
                    + "{\"key\":\"notes/b\",\"value\":{}},{\"key\":\"notes/0\",\"value\":null}]}"));
    made.add(tx);

    JsonNode all = api.get("/peers/cf-pages/changes");
    assertThat(hashes(list(all.path("commits")))).containsExactlyElementsOf(made);
    assertThat(changes(all.path("commits").get(0))).containsExactly("added notes/0");
    assertThat(hashes(list(api.get("/peers/cf-pages/changes?since=").path("commits"))))
        .containsExactlyElementsOf(made);

    List<String> paged = new ArrayList<>();
    String since = "";
    do {
      JsonNode page = api.get("/peers/cf-pages/changes?limit=3&since=" + since);
      assertThat(page.path("commits").size()).isBetween(1, 3);
      paged.addAll(hashes(list(page.path("commits"))));
      since = page.path("next").isNull() ? null : page.path("next").asText();
    } while (since != null);
    assertThat(paged).containsExactlyElementsOf(made);

    JsonNode cut = api.get("/peers/cf-pages/changes?changeLimit=1&since=" + made.get(6));
    JsonNode three = cut.path("commits").get(0);
    assertThat(three.path("size").asLong()).isEqualTo(3);
    assertThat(three.path("changes").size()).isEqualTo(1);
    String after = three.path("changesNext").asText();
    JsonNode rest =
        api.get("/peers/cf-pages/diff?from=" + made.get(6) + "&to=" + tx + "&after=" + after);
    assertThat(rest.path("changes").size()).isEqualTo(2);
  }

  @Test
  void badStartsAndUnknownPeersAreRefused() {
    api.createPeer("cf-bad");
    api.createPeer("cf-elsewhere");
    api.put("cf-bad", "tasks/1", "{}");
    String foreign = commit(api.put("cf-elsewhere", "tasks/1", "{\"x\":1}"));

    api.problem(400, "invalid-hash", "GET", "/peers/cf-bad/changes?since=nope", null);
    api.problem(404, "commit-not-found", "GET", "/peers/cf-bad/changes?since=" + "0".repeat(64), null);
    api.problem(404, "commit-not-found", "GET", "/peers/cf-bad/changes?since=" + foreign, null);
    api.problem(404, "peer-not-found", "GET", "/peers/cf-nobody/changes", null);
    api.problem(400, "invalid-parameter", "GET", "/peers/cf-bad/changes?limit=0", null);
    api.problem(400, "invalid-parameter", "GET", "/peers/cf-bad/changes?changeLimit=1001", null);
    api.problem(400, "invalid-parameter", "GET", "/peers/cf-bad/changes?feed=sometimes", null);
    api.problem(
        404, "commit-not-found", "GET", "/peers/cf-bad/changes?feed=continuous&since=" + foreign, null);
    api.problem(404, "peer-not-found", "GET", "/peers/cf-nobody/changes?feed=continuous", null);
  }

  @Test
  void theContinuousFeedSendsEachNewCommitAsItHappens() throws Exception {
    api.pair("cf-live", "cf-source");
    String first = commit(api.put("cf-live", "tasks/1", "{\"n\":1}"));

    try (EventStream feed = EventStream.open(changes("cf-live", "feed=continuous"))) {
      assertThat(feed.status()).isEqualTo(200);
      assertThat(feed.contentType()).startsWith("text/event-stream");
      await().atMost(SOON).until(() -> feed.ids().equals(List.of(first)));
      EventStream.Event event = feed.events().get(0);
      assertThat(event.type()).isEqualTo("commit");
      JsonNode data = MeshApi.parse(event.data());
      assertThat(data.path("commit").asText()).isEqualTo(first);
      assertThat(changes(data)).containsExactly("added tasks/1");

      String written = commit(api.put("cf-live", "tasks/2", "{\"n\":2}"));
      await().atMost(SOON).until(() -> feed.ids().contains(written));

      api.ok("PUT", "/peers/cf-live/autocommit", "{\"mode\":\"batch\"}");
      api.put("cf-live", "tasks/3", "{\"n\":3}");
      String batch = commit(api.ok("POST", "/peers/cf-live/commit", "{}"));
      await().atMost(SOON).until(() -> feed.ids().contains(batch));

      api.sync("cf-source", "r", null); // cf-source fast-forwards to our head
      String remote = commit(api.put("cf-source", "tasks/9", "{\"n\":9}"));
      assertThat(api.sync("cf-live", "r", null).path("outcome").asText()).isEqualTo("FAST_FORWARD");
      await().atMost(SOON).until(() -> feed.ids().contains(remote));

      assertThat(feed.ids()).containsExactly(first, written, batch, remote);
      await().atMost(SOON).until(() -> feed.heartbeats() > 0);
    }
  }

  @Test
  void aReconnectWithLastEventIdGetsOnlyWhatCameAfter() throws Exception {
    api.createPeer("cf-resume");
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      made.add(commit(api.put("cf-resume", "notes/" + i, "{}")));
    }
    try (EventStream feed = EventStream.open(changes("cf-resume", "since=" + made.get(0)))) {
      await().atMost(SOON).until(() -> feed.ids().equals(made.subList(1, 3)));
    }
    String later = commit(api.put("cf-resume", "notes/later", "{}"));

    // An EventSource asks again for the same URL, with the id of the last event it got.
    try (EventStream again =
        EventStream.open(
            changes("cf-resume", "feed=continuous&since=" + made.get(0)),
            "Last-Event-ID",
            made.get(2))) {
      await().atMost(SOON).until(() -> again.ids().equals(List.of(later)));
      String next = commit(api.put("cf-resume", "notes/next", "{}"));
      await().atMost(SOON).until(() -> again.ids().equals(List.of(later, next)));
    }
  }

  private static URI changes(String peer, String query) {
    return URI.create(NODE.node().httpBaseUri() + "/api/peers/" + peer + "/changes?" + query);
  }

  private static String commit(JsonNode reply) {
    assertThat(reply.path("commit").isTextual()).as(reply.toString()).isTrue();
    return reply.path("commit").asText();
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  private static List<String> hashes(List<JsonNode> commits) {
    return commits.stream().map(c -> c.path("commit").asText()).toList();
  }

  /** A commit's listed changes as {@code "<change> <key>"}, in key order. */
  private static List<String> changes(JsonNode commit) {
    return list(commit.path("changes")).stream()
        .map(c -> c.path("change").asText() + " " + c.path("key").asText())
        .toList();
  }
}
