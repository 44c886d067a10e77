package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.testing.MeshApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync sessions between peers of one node on H2, through the API: every outcome, manual
 * resolution, the faults that are not crashes, history and status, and bad input.
 */
class SyncApiTest {
  @TempDir static Path data;
  private static SyncMeshNode node;
  private static MeshApi api;

  @BeforeAll
  static void start() {
    node = SyncMeshNode.start(TestNodes.h2(data));
    api = new MeshApi(node.httpBaseUri());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void emptyPeersAreUpToDateAndAFirstSyncFastForwards() {
    api.pair("uf-a", "uf-b");
    JsonNode empty = api.sync("uf-a", "r", null);
    assertThat(empty.path("outcome").asText()).isEqualTo("UP_TO_DATE");
    assertThat(empty.path("fetched").asBoolean()).isTrue();
    assertThat(empty.path("pushed").asBoolean()).isFalse();
    assertThat(phaseStatuses(empty)).containsExactly("COMPLETED", "COMPLETED", "SKIPPED", "SKIPPED");

    for (int i = 0; i < 3; i++) {
      api.put("uf-a", "tasks/t" + i, "{\"n\":" + i + "}");
    }
    JsonNode ff = api.sync("uf-b", "r", null);
    assertThat(ff.path("outcome").asText()).isEqualTo("FAST_FORWARD");
    assertThat(ff.path("pulledCommits").asInt()).isEqualTo(3);
    assertThat(ff.path("merged").asBoolean()).isTrue();
    assertThat(ff.path("pushedCommits").asInt()).isZero();
    assertThat(api.head("uf-b")).isEqualTo(api.head("uf-a"));
    assertThat(api.record("uf-b", "tasks/t2")).isEqualTo("{\"n\":2}");

    JsonNode again = api.sync("uf-b", "r", null);
    assertThat(again.path("outcome").asText()).isEqualTo("UP_TO_DATE");
    assertThat(again.path("pulledCommits").asInt()).isZero();
  }

  @Test
  void aPeerAheadPushesAndTheRemoteFastForwards() {
    api.pair("rb-a", "rb-b");
    api.put("rb-a", "tasks/1", "{\"v\":1}");
    api.sync("rb-b", "r", null);
    api.put("rb-a", "tasks/2", "{\"v\":2}");
    api.put("rb-a", "tasks/3", "{\"v\":3}");
    JsonNode result = api.sync("rb-a", "r", null);
    assertThat(result.path("outcome").asText()).isEqualTo("REMOTE_BEHIND");
    assertThat(result.path("pushed").asBoolean()).isTrue();
    assertThat(result.path("pushedCommits").asInt()).isEqualTo(2);
    assertThat(result.path("pushError").isNull()).isTrue();
    assertThat(api.head("rb-b")).isEqualTo(api.head("rb-a"));
    JsonNode status = api.get("/peers/rb-a/sync/status?remote=r");
    assertThat(status.path("ahead").asInt()).isZero();
    assertThat(status.path("behind").asInt()).isZero();
    assertThat(status.path("lastOutcome").asText()).isEqualTo("REMOTE_BEHIND");
  }

  @Test
  void disjointChangesMergeCleanlyIntoOneMergeCommitThatIsPushed() {
    api.pair("cm-a", "cm-b");
    api.put("cm-a", "tasks/1", "{\"title\":\"t\",\"state\":\"open\",\"owner\":\"x\"}");
    api.sync("cm-b", "r", null);
    api.put("cm-a", "tasks/1", "{\"title\":\"t\",\"state\":\"closed\",\"owner\":\"x\"}");
    api.put("cm-a", "tasks/2", "{\"from\":\"a\"}");
    api.put("cm-b", "tasks/1", "{\"title\":\"t\",\"state\":\"open\",\"owner\":\"y\"}");
    api.put("cm-b", "tasks/3", "{\"from\":\"b\"}");

    JsonNode status = api.get("/peers/cm-a/sync/status?remote=r");
    assertThat(status.path("ahead").asInt()).isEqualTo(2);
    assertThat(status.path("behind").asInt()).isEqualTo(2);

    JsonNode result = api.sync("cm-a", "r", null);
    assertThat(result.path("outcome").asText()).isEqualTo("MERGED");
    assertThat(result.path("pulledCommits").asInt()).isEqualTo(2);
    assertThat(result.path("conflicts").size()).isZero();
    assertThat(result.path("pushed").asBoolean()).isTrue();
    assertThat(result.path("pushedCommits").asInt()).isEqualTo(3); // two local commits and the merge
    assertThat(phaseStatuses(result)).containsExactly("COMPLETED", "COMPLETED", "SKIPPED", "COMPLETED");
    assertThat(api.record("cm-a", "tasks/1"))
        .isEqualTo("{\"owner\":\"y\",\"state\":\"closed\",\"title\":\"t\"}");
    assertThat(api.head("cm-b")).isEqualTo(api.head("cm-a"));
    JsonNode log = api.get("/peers/cm-a/log?limit=1");
    assertThat(log.path("commits").get(0).path("parents").size()).isEqualTo(2);
    assertThat(api.record("cm-b", "tasks/2")).isEqualTo("{\"from\":\"a\"}");
  }

  @Test
  void conflictsAreSettledByStrategyFieldByField() {
    for (String strategy : List.of("ours", "theirs")) {
      String a = "cs-" + strategy + "-a";
      String b = "cs-" + strategy + "-b";
      api.pair(a, b);
      api.put(a, "tasks/1", "{\"title\":\"base\",\"state\":\"open\"}");
      api.sync(b, "r", null);
      api.put(a, "tasks/1", "{\"title\":\"mine\",\"state\":\"open\"}");
      api.put(b, "tasks/1", "{\"title\":\"yours\",\"state\":\"done\"}");
      JsonNode result = api.sync(a, "r", strategy);
      assertThat(result.path("outcome").asText()).isEqualTo("MERGED");
      assertThat(result.path("conflictsResolved").asBoolean()).isTrue();
      assertThat(result.path("conflicts").size()).isEqualTo(1);
      JsonNode conflict = result.path("conflicts").get(0);
      assertThat(conflict.path("key").asText()).isEqualTo("tasks/1");
      assertThat(conflict.path("field").asText()).isEqualTo("title");
      assertThat(conflict.path("base").asText()).isEqualTo("base");
      assertThat(conflict.path("ours").asText()).isEqualTo("mine");
      assertThat(conflict.path("theirs").asText()).isEqualTo("yours");
      String title = strategy.equals("ours") ? "mine" : "yours";
      assertThat(api.record(a, "tasks/1"))
          .isEqualTo("{\"state\":\"done\",\"title\":\"" + title + "\"}");
      assertThat(api.record(b, "tasks/1")).isEqualTo(api.record(a, "tasks/1"));
    }
  }

  @Test
  void withoutStrategyConflictsWaitForAPersonWhileWritesGoOn() {
    api.pair("mr-a", "mr-b");
    api.put("mr-a", "tasks/1", "{\"title\":\"base\",\"n\":1}");
    api.put("mr-a", "tasks/2", "{\"keep\":true}");
    api.sync("mr-b", "r", null);
    api.put("mr-a", "tasks/1", "{\"title\":\"mine\",\"n\":2}");
    api.ok("DELETE", "/peers/mr-a/records/tasks/2", null);
    api.put("mr-b", "tasks/1", "{\"title\":\"yours\",\"n\":3}");
    api.put("mr-b", "tasks/2", "{\"keep\":false}");
    String headBefore = api.head("mr-a");

    JsonNode result = api.sync("mr-a", "r", null);
    assertThat(result.path("outcome").asText()).isEqualTo("CONFLICTS");
    assertThat(result.path("merged").asBoolean()).isFalse();
    assertThat(result.path("pushed").asBoolean()).isFalse();
    assertThat(result.path("conflicts").size()).isEqualTo(3);
    assertThat(phaseStatuses(result)).containsExactly("COMPLETED", "COMPLETED", "COMPLETED", "SKIPPED");
    assertThat(api.head("mr-a")).isEqualTo(headBefore);

    JsonNode pending = api.get("/peers/mr-a/conflicts");
    assertThat(pending.path("remote").asText()).isEqualTo("r");
    List<String> fields = new ArrayList<>();
    pending.path("conflicts").forEach(c -> fields.add(c.path("key").asText() + "." + c.path("field").asText()));
    assertThat(fields).containsExactlyInAnyOrder("tasks/1.title", "tasks/1.n", "tasks/2.*");
    assertThat(api.get("/peers/mr-a").path("pendingMerge").path("unresolved").asInt()).isEqualTo(3);
    assertThat(api.get("/peers/mr-a/sync/status?remote=r").path("hasConflicts").asBoolean()).isTrue();

    api.put("mr-a", "notes/1", "{\"during\":\"merge\"}"); // writes go on
    api.problem(409, "merge-pending", "POST", "/peers/mr-a/sync", "{\"remote\":\"r\"}");
    api.problem(409, "unresolved-conflicts", "POST", "/peers/mr-a/merge/commit", null);
    api.problem(404, "conflict-not-found", "POST", "/peers/mr-a/conflicts/resolve",
        "{\"key\":\"tasks/1\",\"field\":\"nope\",\"choice\":\"ours\"}");
    api.problem(400, "invalid-resolution", "POST", "/peers/mr-a/conflicts/resolve",
        "{\"key\":\"tasks/1\",\"field\":\"n\",\"choice\":\"maybe\"}");

    assertThat(resolve("mr-a", "{\"key\":\"tasks/1\",\"field\":\"title\",\"choice\":\"theirs\"}")).isEqualTo(2);
    assertThat(resolve("mr-a", "{\"key\":\"tasks/1\",\"field\":\"n\",\"choice\":\"value\",\"value\":10}")).isEqualTo(1);
    assertThat(resolve("mr-a", "{\"key\":\"tasks/2\",\"field\":\"*\",\"choice\":\"ours\"}")).isZero();
    String commit = api.ok("POST", "/peers/mr-a/merge/commit", null).path("commit").asText();
    assertThat(api.head("mr-a")).isEqualTo(commit);
    assertThat(api.record("mr-a", "tasks/1")).isEqualTo("{\"n\":10,\"title\":\"yours\"}");
    assertThat(api.record("mr-a", "tasks/2")).isNull();
    assertThat(api.record("mr-a", "notes/1")).isEqualTo("{\"during\":\"merge\"}");
    JsonNode log = api.get("/peers/mr-a/log?limit=5");
    boolean mergeCommit = false;
    for (JsonNode entry : log.path("commits")) {
      mergeCommit |= entry.path("commit").asText().equals(commit) && entry.path("parents").size() == 2;
    }
    assertThat(mergeCommit).isTrue();
    assertThat(api.get("/peers/mr-a").path("pendingMerge").isNull()).isTrue();
    api.problem(404, "no-pending-merge", "GET", "/peers/mr-a/conflicts", null);

    JsonNode after = api.sync("mr-a", "r", null);
    assertThat(after.path("outcome").asText()).isEqualTo("REMOTE_BEHIND");
    assertThat(after.path("pushed").asBoolean()).isTrue();
    assertThat(api.record("mr-b", "tasks/1")).isEqualTo("{\"n\":10,\"title\":\"yours\"}");
  }

  @Test
  void anAbortedMergeLeavesTheHeadAndAllowsTheNextSync() {
    api.pair("ab-a", "ab-b");
    api.put("ab-a", "t/1", "{\"x\":0}");
    api.sync("ab-b", "r", null);
    api.put("ab-a", "t/1", "{\"x\":1}");
    api.put("ab-b", "t/1", "{\"x\":2}");
    String head = api.head("ab-a");
    assertThat(api.sync("ab-a", "r", null).path("outcome").asText()).isEqualTo("CONFLICTS");
    assertThat(api.ok("POST", "/peers/ab-a/merge/abort", null).path("aborted").asBoolean()).isTrue();
    assertThat(api.head("ab-a")).isEqualTo(head);
    assertThat(api.sync("ab-a", "r", "theirs").path("outcome").asText()).isEqualTo("MERGED");
    assertThat(api.record("ab-a", "t/1")).isEqualTo("{\"x\":2}");
  }

  @Test
  void aMissingRemotePeerFailsTheFetchAndChangesNothing() {
    api.createPeer("nf-a");
    api.put("nf-a", "t/1", "{}");
    api.remote("nf-a", "ghost", "no-such-peer");
    String head = api.head("nf-a");
    JsonNode result = api.sync("nf-a", "ghost", null);
    assertThat(result.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(result.path("error").path("kind").asText()).isEqualTo("NOT_FOUND");
    assertThat(result.path("error").path("phase").asText()).isEqualTo("fetch");
    assertThat(result.path("fetched").asBoolean()).isFalse();
    assertThat(phaseStatuses(result)).containsExactly("FAILED", "SKIPPED", "SKIPPED", "SKIPPED");
    assertThat(api.head("nf-a")).isEqualTo(head);
    JsonNode status = api.get("/peers/nf-a/sync/status?remote=ghost");
    assertThat(status.path("ahead").isNull()).isTrue();
    assertThat(status.path("unknownReason").asText()).contains("no peer named no-such-peer");
    assertThat(status.path("lastOutcome").asText()).isEqualTo("FAILED");
  }

  @Test
  void aDisabledPushKeepsTheLocalMerge() {
    api.pair("pd-a", "pd-b");
    api.ok("PUT", "/peers/pd-a/remotes/r", "{\"push\":false}");
    api.put("pd-a", "t/1", "{\"a\":1}");
    api.put("pd-b", "t/2", "{\"b\":1}");
    String remoteHead = api.head("pd-b");
    JsonNode result = api.sync("pd-a", "r", null);
    assertThat(result.path("outcome").asText()).isEqualTo("MERGED");
    assertThat(result.path("pushed").asBoolean()).isFalse();
    assertThat(phaseStatuses(result).get(3)).isEqualTo("SKIPPED");
    assertThat(api.record("pd-a", "t/2")).isEqualTo("{\"b\":1}");
    assertThat(api.head("pd-b")).isEqualTo(remoteHead);
    assertThat(api.get("/peers/pd-a/remotes").path("remotes").get(0).path("peer").asText()).isEqualTo("pd-b");
  }

  @Test
  void aRefusedPushIsANonFatalPushError() {
    api.pair("pr-a", "pr-b");
    api.put("pr-a", "t/1", "{\"v\":0}");
    api.sync("pr-b", "r", null);
    api.ok("PUT", "/peers/pr-b/autocommit", "{\"mode\":\"off\"}");
    api.put("pr-b", "t/1", "{\"v\":\"uncommitted\"}");
    api.put("pr-a", "t/1", "{\"v\":1}");
    String remoteHead = api.head("pr-b");
    JsonNode result = api.sync("pr-a", "r", null);
    assertThat(result.path("outcome").asText()).isEqualTo("REMOTE_BEHIND");
    assertThat(result.path("error").isNull()).isTrue();
    assertThat(result.path("pushed").asBoolean()).isFalse();
    assertThat(result.path("pushError").path("kind").asText()).isEqualTo("REMOTE_REJECTED");
    assertThat(result.path("pushError").path("message").asText()).contains("uncommitted");
    assertThat(phaseStatuses(result).get(3)).isEqualTo("FAILED");
    assertThat(api.head("pr-b")).isEqualTo(remoteHead);
    assertThat(api.record("pr-b", "t/1")).isEqualTo("{\"v\":\"uncommitted\"}");
  }

  @Test
  void uncommittedChangesRideAlongWhenAPushFastForwardsTheRemote() {
    api.pair("wr-a", "wr-b");
    api.put("wr-a", "t/1", "{\"v\":0}");
    api.sync("wr-b", "r", null);
    api.ok("PUT", "/peers/wr-b/autocommit", "{\"mode\":\"off\"}");
    api.put("wr-b", "t/9", "{\"draft\":true}");
    api.put("wr-a", "t/1", "{\"v\":1}");
    JsonNode result = api.sync("wr-a", "r", null);
    assertThat(result.path("pushed").asBoolean()).isTrue();
    assertThat(api.record("wr-b", "t/1")).isEqualTo("{\"v\":1}");
    assertThat(api.record("wr-b", "t/9")).isEqualTo("{\"draft\":true}");
    assertThat(api.get("/peers/wr-b").path("workingSetSize").asInt()).isEqualTo(1);
  }

  @Test
  void sessionsAreKeptInTheHistoryNewestFirst() {
    api.pair("hi-a", "hi-b");
    api.remote("hi-a", "other", "hi-b");
    JsonNode first = api.sync("hi-a", "r", null);
    api.put("hi-a", "t/1", "{}");
    JsonNode second = api.sync("hi-a", "r", null);
    JsonNode third = api.sync("hi-a", "other", null);
    JsonNode history = api.get("/peers/hi-a/sync/history");
    assertThat(ids(history)).containsExactly(
        third.path("sessionId").asText(), second.path("sessionId").asText(), first.path("sessionId").asText());
    assertThat(ids(api.get("/peers/hi-a/sync/history?remote=r&limit=1")))
        .containsExactly(second.path("sessionId").asText());
    // Pages: before = the last session of a page; next names it while more follow.
    JsonNode page = api.get("/peers/hi-a/sync/history?limit=2");
    assertThat(ids(page)).containsExactly(third.path("sessionId").asText(), second.path("sessionId").asText());
    assertThat(page.path("next").asText()).isEqualTo(second.path("sessionId").asText());
    JsonNode last = api.get("/peers/hi-a/sync/history?limit=2&before=" + page.path("next").asText());
    assertThat(ids(last)).containsExactly(first.path("sessionId").asText());
    assertThat(last.path("next").isNull()).isTrue();
    api.problem(404, "session-not-found", "GET", "/peers/hi-a/sync/history?before=nope", null);
    JsonNode one = api.get("/peers/hi-a/sync/sessions/" + second.path("sessionId").asText());
    assertThat(one).isEqualTo(second);
    assertThat(one.path("endedAt").isNull()).isFalse();
    assertThat(one.path("resumes").asInt()).isZero();
    api.problem(404, "session-not-found", "GET",
        "/peers/hi-a/sync/sessions/00000000-0000-0000-0000-000000000000", null);
    api.problem(400, "invalid-parameter", "GET", "/peers/hi-a/sync/sessions/nope", null);
  }

  @Test
  void aPageOfHistoryStopsBeforeFourMebibytesOfResults() {
    api.pair("hb-a", "hb-b");
    List<String> sessions = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      // Both sides change the same field: each result carries the conflict's three values.
      api.put("hb-a", "t/big", "{\"f\":\"" + ("a" + round).repeat(500_000) + "\"}");
      api.put("hb-b", "t/big", "{\"f\":\"" + ("b" + round).repeat(500_000) + "\"}");
      JsonNode result = api.sync("hb-a", "r", "ours");
      assertThat(result.path("conflicts").size()).as(result.path("outcome").asText()).isPositive();
      sessions.add(0, result.path("sessionId").asText());
    }
    List<String> seen = new ArrayList<>();
    String before = "";
    int pages = 0;
    while (before != null) {
      JsonNode page = api.get("/peers/hb-a/sync/history?limit=100" + (before.isEmpty() ? "" : "&before=" + before));
      assertThat(page.path("results").size()).as("results of 2 to 3 MB each in 4 MiB").isEqualTo(1);
      seen.addAll(ids(page));
      before = page.path("next").isTextual() ? page.path("next").asText() : null;
      pages++;
    }
    assertThat(seen).containsExactlyElementsOf(sessions.subList(0, seen.size()));
    assertThat(seen).containsAll(sessions);
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void thePendingMergesConflictsComeInPagesBoundedByCountAndBytes() {
    api.pair("cp-a", "cp-b");
    for (int i = 0; i < 3; i++) {
      api.put("cp-a", "t/" + i, "{\"f\":\"" + ("base" + i).repeat(200_000) + "\",\"g\":0}");
    }
    api.sync("cp-b", "r", null);
    for (int i = 0; i < 3; i++) {
      // Each conflict on f carries three values of ~1 MB: at most one such conflict per 4 MiB page.
      api.put("cp-a", "t/" + i, "{\"f\":\"" + ("mine" + i).repeat(200_000) + "\",\"g\":1}");
      api.put("cp-b", "t/" + i, "{\"f\":\"" + ("your" + i).repeat(200_000) + "\",\"g\":2}");
    }
    assertThat(api.sync("cp-a", "r", null).path("outcome").asText()).isEqualTo("CONFLICTS");

    List<String> seen = new ArrayList<>();
    Integer from = 0;
    int pages = 0;
    while (from != null) {
      JsonNode page = api.get("/peers/cp-a/conflicts?from=" + from);
      assertThat(page.path("total").asInt()).isEqualTo(6);
      assertThat(page.path("conflicts").size()).isBetween(1, 2);
      page.path("conflicts").forEach(c -> seen.add(c.path("key").asText() + "." + c.path("field").asText()));
      from = page.path("next").isNumber() ? page.path("next").asInt() : null;
      pages++;
    }
    assertThat(seen).containsExactlyInAnyOrder("t/0.f", "t/0.g", "t/1.f", "t/1.g", "t/2.f", "t/2.g");
    assertThat(pages).isGreaterThanOrEqualTo(3);

    JsonNode two = api.get("/peers/cp-a/conflicts?limit=2&from=3");
    assertThat(two.path("conflicts").size()).isBetween(1, 2);
    JsonNode past = api.get("/peers/cp-a/conflicts?from=6");
    assertThat(past.path("conflicts").size()).isZero();
    assertThat(past.path("next").isNull()).isTrue();
    api.problem(400, "invalid-parameter", "GET", "/peers/cp-a/conflicts?from=-1", null);
    api.problem(400, "invalid-parameter", "GET", "/peers/cp-a/conflicts?limit=0", null);
    api.ok("POST", "/peers/cp-a/merge/abort", null);
  }

  @Test
  void aSyncStartedWithoutWaitingCanBeFollowed() {
    api.pair("nw-a", "nw-b");
    api.put("nw-b", "t/1", "{}");
    JsonNode started = api.expect(202, "POST", "/peers/nw-a/sync", "{\"remote\":\"r\",\"wait\":false}");
    String id = started.path("sessionId").asText();
    JsonNode result =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(20))
            .until(() -> api.get("/peers/nw-a/sync/sessions/" + id),
                r -> !r.path("outcome").asText().equals("RUNNING"));
    assertThat(result.path("outcome").asText()).isEqualTo("FAST_FORWARD");
  }

  @Test
  void remotesAreAddedReplacedListedAndRemoved() {
    api.createPeer("re-a");
    JsonNode added = api.ok("PUT", "/peers/re-a/remotes/origin", "{\"peer\":\"re-b\",\"syncEverySeconds\":3600}");
    assertThat(added.path("push").asBoolean()).isTrue();
    assertThat(added.path("url").isNull()).isTrue();
    JsonNode replaced = api.ok("PUT", "/peers/re-a/remotes/origin", "{\"push\":false}");
    assertThat(replaced.path("peer").asText()).isEqualTo("re-b");
    assertThat(replaced.path("syncEverySeconds").asInt()).isEqualTo(3600);
    assertThat(replaced.path("push").asBoolean()).isFalse();
    JsonNode cleared = api.ok("PUT", "/peers/re-a/remotes/origin", "{\"syncEverySeconds\":null}");
    assertThat(cleared.path("syncEverySeconds").isNull()).isTrue();
    api.ok("PUT", "/peers/re-a/remotes/fed", "{\"url\":\"https://east.example:8080\",\"peer\":\"x\"}");
    assertThat(api.get("/peers/re-a/remotes").path("remotes").size()).isEqualTo(2);
    assertThat(api.get("/peers/re-a").path("remotes").size()).isEqualTo(2);

    String before = api.get("/peers/re-a/remotes").toString();
    api.problem(400, "invalid-remote-name", "PUT", "/peers/re-a/remotes/Bad_Name", "{\"peer\":\"x\"}");
    api.problem(400, "invalid-peer-name", "PUT", "/peers/re-a/remotes/n", "{\"peer\":\"Bad Peer\"}");
    api.problem(400, "invalid-remote", "PUT", "/peers/re-a/remotes/n", "{}");
    api.problem(400, "invalid-remote", "PUT", "/peers/re-a/remotes/n", "{\"peer\":\"x\",\"url\":\"ftp://x\"}");
    api.problem(400, "invalid-remote", "PUT", "/peers/re-a/remotes/n", "{\"peer\":\"x\",\"credential\":\"east\"}");
    // A credential that this node has not bound to the remote's origin (SYNCMESH_CREDENTIAL_EAST_URL).
    api.problem(400, "invalid-remote", "PUT", "/peers/re-a/remotes/n", "{\"url\":\"https://east.example:8080\",\"peer\":\"x\",\"credential\":\"east\"}");
    api.problem(400, "invalid-remote", "PUT", "/peers/re-a/remotes/fed", "{\"credential\":\"east\"}");
    api.problem(400, "invalid-remote", "PUT", "/peers/re-a/remotes/n", "{\"url\":\"http://east.example:8080\",\"peer\":\"x\"}");
    api.problem(400, "invalid-remote", "PUT", "/peers/re-a/remotes/n", "{\"peer\":\"x\",\"syncEverySeconds\":0}");
    api.problem(400, "invalid-remote", "PUT", "/peers/re-a/remotes/n", "{\"peer\":\"x\",\"push\":\"yes\"}");
    api.problem(400, "invalid-request", "PUT", "/peers/re-a/remotes/n", "{\"peer\":\"x\",\"token\":\"secret\"}");
    api.problem(400, "invalid-json", "PUT", "/peers/re-a/remotes/n", "{\"peer\":");
    api.problem(404, "peer-not-found", "PUT", "/peers/re-missing/remotes/n", "{\"peer\":\"x\"}");
    assertThat(api.get("/peers/re-a/remotes").toString()).isEqualTo(before);

    api.expect(204, "DELETE", "/peers/re-a/remotes/origin", null);
    api.problem(404, "remote-not-found", "DELETE", "/peers/re-a/remotes/origin", null);
    assertThat(api.get("/peers/re-a/remotes").path("remotes").size()).isEqualTo(1);
  }

  @Test
  void badSyncRequestsAreRefused() {
    api.createPeer("bs-a");
    api.problem(404, "remote-not-found", "POST", "/peers/bs-a/sync", "{\"remote\":\"none\"}");
    api.problem(400, "missing-parameter", "POST", "/peers/bs-a/sync", "{}");
    api.problem(400, "invalid-strategy", "POST", "/peers/bs-a/sync", "{\"remote\":\"r\",\"strategy\":\"mine\"}");
    api.problem(400, "invalid-request", "POST", "/peers/bs-a/sync", "{\"remote\":\"r\",\"wait\":\"yes\"}");
    api.problem(404, "peer-not-found", "POST", "/peers/bs-none/sync", "{\"remote\":\"r\"}");
    api.problem(400, "missing-parameter", "GET", "/peers/bs-a/sync/status", null);
    api.problem(404, "remote-not-found", "GET", "/peers/bs-a/sync/status?remote=none", null);
    api.problem(400, "invalid-parameter", "GET", "/peers/bs-a/sync/history?limit=0", null);
    api.problem(404, "no-pending-merge", "POST", "/peers/bs-a/merge/commit", null);
    api.problem(404, "no-pending-merge", "POST", "/peers/bs-a/merge/abort", null);
    assertThat(api.get("/peers/bs-a/sync/history").path("results").size()).isZero();
  }

  @Test
  void accessListsAreSetAndRead() {
    api.createPeer("ac-a");
    assertThat(api.get("/peers/ac-a/access").toString()).isEqualTo("{\"pull\":[],\"push\":[]}");
    api.ok("PUT", "/peers/ac-a/access", "{\"pull\":[\"west\",\"east\"],\"push\":[\"east\"]}");
    assertThat(api.get("/peers/ac-a/access").toString())
        .isEqualTo("{\"pull\":[\"east\",\"west\"],\"push\":[\"east\"]}");
    api.problem(400, "invalid-access", "PUT", "/peers/ac-a/access", "{\"pull\":[\"bad name\"]}");
    api.problem(400, "invalid-access", "PUT", "/peers/ac-a/access", "{\"pull\":\"east\"}");
    assertThat(api.get("/peers/ac-a/access").path("push").size()).isEqualTo(1);
  }

  private static int resolve(String peer, String body) {
    return api.ok("POST", "/peers/" + peer + "/conflicts/resolve", body).path("unresolved").asInt();
  }

  private static List<String> phaseStatuses(JsonNode result) {
    List<String> statuses = new ArrayList<>();
    result.path("phases").forEach(p -> statuses.add(p.path("status").asText()));
    return statuses;
  }

  private static List<String> ids(JsonNode history) {
    List<String> ids = new ArrayList<>();
    history.path("results").forEach(r -> ids.add(r.path("sessionId").asText()));
    return ids;
  }
}
