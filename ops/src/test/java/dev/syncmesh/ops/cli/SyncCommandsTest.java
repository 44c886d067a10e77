package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncCommandsTest extends ApiTest {
  static String result(String outcome, String error, String pushError, String conflicts) {
    return "{\"sessionId\":\"s-1\",\"peer\":\"alpha\",\"remote\":\"beta\",\"strategy\":null,\"outcome\":\""
        + outcome
        + "\",\"startedAt\":\"2025-01-01T00:00:00Z\",\"endedAt\":\"2025-01-01T00:00:01.200Z\",\"phases\":["
        + "{\"phase\":\"fetch\",\"status\":\"COMPLETED\",\"startedAt\":\"2025-01-01T00:00:00Z\",\"endedAt\":\"2025-01-01T00:00:00.120Z\"},"
        + "{\"phase\":\"push\",\"status\":\"SKIPPED\",\"startedAt\":null,\"endedAt\":null}],"
        + "\"fetched\":true,\"merged\":true,\"pushed\":false,\"pulledCommits\":3,\"pushedCommits\":0,"
        + "\"objectsReceived\":12,\"bytesReceived\":4200,\"conflicts\":"
        + conflicts
        + ",\"conflictsResolved\":false,"
        + "\"error\":"
        + error
        + ",\"pushError\":"
        + pushError
        + ",\"resumes\":1,\"followUpNeeded\":false}";
  }

  static final String CONFLICT =
      "[{\"key\":\"notes/a\",\"field\":\"title\",\"base\":\"x\",\"ours\":\"y\",\"theirs\":null}]";

  /** A running session's answer: {@code phase} running, with live counters. */
  static String running(String phase, String progress) {
    return "{\"sessionId\":\"s-1\",\"peer\":\"alpha\",\"remote\":\"beta\",\"outcome\":\"RUNNING\",\"phases\":["
        + "{\"phase\":\"" + phase + "\",\"status\":\"RUNNING\",\"startedAt\":null,\"endedAt\":null}],"
        + "\"progress\":" + progress + "}";
  }

  @Test
  void syncWaitsAndSummarizesTheResult() {
    api.on("POST", "/api/peers/alpha/sync", 200, result("MERGED", "null", "null", "[]"));

    var run = cli.run("sync", "alpha", "beta", "--strategy", "theirs");

    assertThat(run.exit()).isZero();
    // Followed from here, so that its progress shows; with --json the node waits (below).
    assertThat(api.only().json().toString())
        .isEqualTo("{\"remote\":\"beta\",\"strategy\":\"theirs\",\"wait\":false}");
    assertThat(cli.run("sync", "alpha", "beta", "--json").exit()).isZero();
    assertThat(api.requests().get(1).json().get("wait").asBoolean()).isTrue();
    assertThat(run.out())
        .isEqualTo(
            """
            sync alpha <- beta: MERGED  (1.2 s, session s-1)
              PHASE  STATUS     TIME
              fetch  COMPLETED  120 ms
              push   SKIPPED
            pulled 3 commits, pushed 0 commits, received 12 objects (4.1 KiB)
            resumed 1 time after a crash
            """);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MERGED        | null | null | 0",
        "UP_TO_DATE    | null | null | 0",
        "RUNNING       | null | null | 0",
        "CONFLICTS     | null | null | 10",
        "REMOTE_BEHIND | null | {\"kind\":\"NON_FAST_FORWARD\",\"message\":\"moved\"} | 11",
        "FAILED        | {\"kind\":\"NETWORK\",\"phase\":\"fetch\",\"message\":\"refused\"} | null"
            + " | 12"
      })
  void eachOutcomeHasItsExitCodeInBothModes(
      String outcome, String error, String pushError, int exit) {
    String body = result(outcome, error, pushError, outcome.equals("CONFLICTS") ? CONFLICT : "[]");
    api.on("POST", "/api/peers/alpha/sync", 200, body);

    assertThat(cli.run("sync", "alpha", "beta").exit()).isEqualTo(exit);
    var json = cli.run("sync", "alpha", "beta", "--json");
    assertThat(json.exit()).isEqualTo(exit);
    assertThat(json.out()).isEqualTo(body + "\n");
  }

  @Test
  void theSummaryShowsConflictsAndErrors() {
    api.on("POST", "/api/peers/alpha/sync", 200, result("CONFLICTS", "null", "null", CONFLICT));
    api.on(
        "GET",
        "/api/peers/alpha/sync/sessions/s-2",
        200,
        result(
            "FAILED",
            "{\"kind\":\"NETWORK\",\"phase\":\"fetch\",\"message\":\"refused\"}",
            "{\"kind\":\"AUTH\",\"message\":\"no\"}",
            "[]"));

    assertThat(cli.run("sync", "alpha", "beta").out())
        .contains(
            "conflicts: 1, left for a person (see: syncmesh conflicts alpha)\n",
            "  notes/a  title  \"x\"   \"y\"   (absent)\n");
    var session = cli.run("session", "alpha", "s-2");
    assertThat(session.exit()).isEqualTo(ExitCodes.SYNC_FAILED);
    assertThat(session.out())
        .contains("error: NETWORK in fetch: refused\n", "push error: AUTH: no\n");
    assertThat(api.requests().get(0).json().get("strategy").isNull()).isTrue();
  }

  @Test
  void aSessionTheNodeStoppedWaitingForIsFollowedToItsEnd() {
    api.on("POST", "/api/peers/alpha/sync", 202, "{\"sessionId\":\"s-1\"}");
    String session = "/api/peers/alpha/sync/sessions/s-1";
    api.on("GET", session, 200, result("RUNNING", "null", "null", "[]"));
    api.on("GET", session, 200, result("RUNNING", "null", "null", "[]"));
    api.on("GET", session, 200, result("FAILED", "{\"kind\":\"TIMEOUT\",\"phase\":\"fetch\",\"message\":\"slow\"}", "null", "[]"));

    var run = cli.run("sync", "alpha", "beta");

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(12);
    assertThat(run.out()).startsWith("sync alpha <- beta: FAILED");
    assertThat(api.requests().stream().filter(r -> r.path().equals(session)).count()).isEqualTo(3);
  }

  @Test
  void aFollowedSessionShowsItsProgressOnStderrAPlainLineAPhase() {
    api.on("POST", "/api/peers/alpha/sync", 202, "{\"sessionId\":\"s-1\"}");
    String session = "/api/peers/alpha/sync/sessions/s-1";
    api.on("GET", session, 200, running("fetch", "{\"objectsReceived\":120,\"bytesReceived\":9000}"));
    api.on("GET", session, 200, running("fetch", "{\"objectsReceived\":1204,\"bytesReceived\":98304}"));
    api.on("GET", session, 200, running("merge", "{\"objectsReceived\":1204,\"bytesReceived\":98304,\"recordsMerged\":3}"));
    api.on(
        "GET",
        session,
        200,
        running(
            "push",
            "{\"objectsReceived\":1204,\"bytesReceived\":98304,\"recordsMerged\":3,"
                + "\"commitsToSend\":2,\"commitsSent\":1,\"objectsSent\":310,\"bytesSent\":20480}"));
    api.on("GET", session, 200, result("MERGED", "null", "null", "[]"));

    var run = cli.run("sync", "alpha", "beta");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("sync alpha <- beta: MERGED");
    assertThat(run.err())
        .isEqualTo(
            """
            fetch: 120 objects (8.8 KiB) received
            merge: 1,204 objects (96.0 KiB) received, 3 records merged
            push: 1,204 objects (96.0 KiB) received, 3 records merged, 1 of 2 commits, 310 objects (20.0 KiB) sent
            """);
    var json = cli.run("session", "alpha", "s-1", "--json");
    assertThat(json.out()).contains("\"outcome\":\"MERGED\"");
  }

  @Test
  void sessionWatchFollowsARunningSessionToItsEnd() {
    String session = "/api/peers/alpha/sync/sessions/s-1";
    api.on("GET", session, 200, running("fetch", "{\"objectsReceived\":5,\"bytesReceived\":500}"));
    api.on("GET", session, 200, running("fetch", "{\"objectsReceived\":7,\"bytesReceived\":700}"));
    api.on("GET", session, 200, result("CONFLICTS", "null", "null", CONFLICT));

    var run = cli.run("session", "alpha", "s-1", "--watch");

    assertThat(run.exit()).isEqualTo(ExitCodes.SYNC_CONFLICTS);
    assertThat(run.err()).isEqualTo("fetch: 5 objects (500 B) received\n");
    assertThat(run.out()).startsWith("sync alpha <- beta: CONFLICTS");
    assertThat(api.requests()).hasSize(3);
  }

  @Test
  void noWaitPrintsTheSession() {
    api.on("POST", "/api/peers/alpha/sync", 202, "{\"sessionId\":\"s-9\"}");

    var run = cli.run("sync", "alpha", "beta", "--no-wait");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo("started session s-9 (follow it: syncmesh session alpha s-9)\n");
    assertThat(api.only().json().get("wait").asBoolean()).isFalse();
  }

  @Test
  void aBadStrategyIsAUsageError() {
    assertThat(cli.run("sync", "alpha", "beta", "--strategy", "mine").exit())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void statusCoversEveryRemoteAndExitsZero() {
    api.on(
        "GET",
        "/api/peers/alpha/remotes",
        200,
        "{\"remotes\":[{\"name\":\"beta\"},{\"name\":\"far\"}]}");
    api.on(
        "GET",
        "/api/peers/alpha/sync/status",
        200,
        "{\"remote\":\"beta\",\"ahead\":2,\"behind\":0,\"unknownReason\":\"the remote cannot be reached now: refused\",\"stale\":true,\"asOf\":\"2025-01-01T00:00:00Z\",\"hasConflicts\":true,\"lastSyncAt\":\"2025-01-01T00:00:01Z\",\"lastOutcome\":\"SKIPPED\",\"lastReason\":\"a merge is pending\"}");
    api.on(
        "GET",
        "/api/peers/alpha/sync/status",
        200,
        "{\"remote\":\"far\",\"ahead\":null,\"behind\":null,\"unknownReason\":\"never"
            + " fetched\",\"hasConflicts\":false,\"lastSyncAt\":null,\"lastOutcome\":null}");

    var run = cli.run("status", "alpha");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            REMOTE  AHEAD  BEHIND  CONFLICTS  LAST SYNC             LAST OUTCOME
            beta    2      0       yes        2025-01-01T00:00:01Z  SKIPPED
            far     ?      ?       no         -                     -
            beta: ahead and behind as of 2025-01-01T00:00:00Z (stale): the remote cannot be reached now: refused
            beta: last sync skipped: a merge is pending
            far: ahead and behind unknown: never fetched
            """);
    assertThat(api.requests())
        .extracting(FakeApi.Request::query)
        .containsExactly(null, "remote=beta", "remote=far");
  }

  @Test
  void statusOfOneRemoteWithJsonIsTheReply() {
    String status = "{\"remote\":\"beta\",\"ahead\":0,\"behind\":0}";
    api.on("GET", "/api/peers/alpha/sync/status", 200, status);

    assertThat(cli.run("status", "alpha", "--remote", "beta", "--json").out())
        .isEqualTo(status + "\n");
    assertThat(api.only().query()).isEqualTo("remote=beta");
  }

  @Test
  void historyListsSessions() {
    api.on(
        "GET",
        "/api/peers/alpha/sync/history",
        200,
        "{\"results\":["
            + result("CONFLICTS", "null", "{\"kind\":\"AUTH\",\"message\":\"no\"}", CONFLICT)
            + "]}");

    var run = cli.run("history", "alpha", "--remote", "beta", "--limit", "3");

    assertThat(run.out())
        .isEqualTo(
            "SESSION  STARTED               REMOTE  OUTCOME    PULLED  PUSHED  CONFLICTS  ERROR\n"
                + "s-1      2025-01-01T00:00:00Z  beta    CONFLICTS  3       0       1         "
                + " AUTH\n");
    assertThat(api.only().query()).isEqualTo("remote=beta&limit=3");
  }
}
