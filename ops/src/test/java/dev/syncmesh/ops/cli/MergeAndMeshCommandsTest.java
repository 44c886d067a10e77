package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MergeAndMeshCommandsTest extends ApiTest {
  @Test
  void conflictsPrintsATable() {
    api.on(
        "GET",
        "/api/peers/alpha/conflicts",
        200,
        "{\"remote\":\"beta\",\"base\":\""
            + H1
            + "\",\"theirs\":\""
            + H2
            + "\",\"conflicts\":["
            + "{\"key\":\"notes/a\",\"field\":\"title\",\"base\":\"x\",\"ours\":\"y\",\"theirs\":\"z\",\"resolution\":null},"
            + "{\"key\":\"notes/b\",\"field\":\"*\",\"base\":{\"t\":1},\"ours\":null,\"theirs\":{\"t\":2},\"resolution\":{\"choice\":\"value\",\"value\":{\"t\":3}}}]}");

    assertThat(cli.run("conflicts", "alpha").out())
        .isEqualTo(
            """
            pending merge from beta (base 0123456789ab, theirs fedcba987654)
            KEY      FIELD  BASE     OURS      THEIRS   RESOLUTION
            notes/a  title  "x"      "y"       "z"      -
            notes/b  *      {"t":1}  (absent)  {"t":2}  value {"t":3}
            2 conflicts, 1 unresolved
            """);
  }

  @Test
  void noPendingMergeIsNotFound() {
    api.problem(
        "GET",
        "/api/peers/alpha/conflicts",
        404,
        "no-pending-merge",
        "No pending merge",
        "alpha has no pending merge");

    assertThat(cli.run("conflicts", "alpha").exit()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void resolveSendsTheChoice() {
    api.on("POST", "/api/peers/alpha/conflicts/resolve", 200, "{\"unresolved\":1}");
    api.on("POST", "/api/peers/alpha/conflicts/resolve", 200, "{\"unresolved\":0}");

    assertThat(cli.run("resolve", "alpha", "notes/a", "title", "--theirs").out())
        .isEqualTo("resolved notes/a title (theirs); 1 unresolved\n");
    assertThat(cli.run("resolve", "alpha", "notes/b", "*", "--value", "{\"t\": 3}").out())
        .isEqualTo("resolved notes/b * (value); no conflicts left: syncmesh merge commit alpha\n");

    assertThat(api.requests())
        .extracting(r -> r.json().toString())
        .containsExactly(
            "{\"key\":\"notes/a\",\"field\":\"title\",\"choice\":\"theirs\"}",
            "{\"key\":\"notes/b\",\"field\":\"*\",\"choice\":\"value\",\"value\":{\"t\":3}}");
  }

  @Test
  void resolveChecksItsInput() {
    assertThat(cli.run("resolve", "alpha", "notes/a", "title").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("resolve", "alpha", "notes/a", "title", "--ours", "--theirs").exit())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("resolve", "alpha", "notes/a", "title", "--value", "{oops").exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.run("resolve", "alpha", "a", "title", "--ours").exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void mergeCommitAndAbort() {
    api.problem(
        "POST",
        "/api/peers/alpha/merge/commit",
        409,
        "unresolved-conflicts",
        "Unresolved conflicts",
        "1 conflict left");
    api.on("POST", "/api/peers/alpha/merge/abort", 200, "{\"aborted\":true}");

    var commit = cli.run("merge", "commit", "alpha");
    assertThat(commit.exit()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(commit.err()).isEqualTo("syncmesh: Unresolved conflicts: 1 conflict left\n");
    assertThat(cli.run("merge", "abort", "alpha").out()).isEqualTo("merge aborted\n");
  }

  @Test
  void accessShowsOrChangesOneListKeepingTheOther() {
    api.on("GET", "/api/peers/alpha/access", 200, "{\"pull\":[\"partner\"],\"push\":[]}");
    api.on(
        "PUT", "/api/peers/alpha/access", 200, "{\"pull\":[\"partner\"],\"push\":[\"a\",\"b\"]}");

    assertThat(cli.run("access", "alpha").out()).isEqualTo("pull:  partner\npush:  (nobody)\n");
    assertThat(cli.run("access", "alpha", "--push", "a, b").out())
        .isEqualTo("pull:  partner\npush:  a, b\n");

    assertThat(api.requests())
        .extracting(FakeApi.Request::method)
        .containsExactly("GET", "GET", "PUT");
    assertThat(api.requests().get(2).json().toString())
        .isEqualTo("{\"pull\":[\"partner\"],\"push\":[\"a\",\"b\"]}");
  }

  @Test
  void clusterPrintsMembersPeersAndSessions() {
    String self = "pekko://syncmesh@10.0.0.1:7355";
    api.on(
        "GET",
        "/api/cluster",
        200,
        "{\"self\":\""
            + self
            + "\",\"members\":[{\"address\":\""
            + self
            + "\",\"status\":\"Up\"}],"
            + "\"peers\":{\"alpha\":\""
            + self
            + "\"},\"sessions\":[]}");

    assertThat(cli.run("cluster").out())
        .isEqualTo(
            """
            MEMBER                                 STATUS
            pekko://syncmesh@10.0.0.1:7355 (self)  Up

            PEER   MEMBER
            alpha  pekko://syncmesh@10.0.0.1:7355

            no sessions in flight
            """);
  }

  private static final String REPORT =
      "{\"startedAt\":\"2026-12-07T10:00:00Z\",\"graceSeconds\":86400,\"peers\":3,"
          + "\"reachable\":120,\"missing\":0,\"scanned\":150,\"keptYoung\":10,"
          + "\"deleted\":20,\"deletedBytes\":4096,\"tookMillis\":35}";

  @Test
  void gcRunsACollectionAndPrintsItsReport() {
    api.on("POST", "/api/gc", 200, REPORT);

    assertThat(cli.run("gc").out())
        .isEqualTo(
            """
            started:       2026-12-07T10:00:00Z
            peers:         3
            reachable:     120
            scanned:       150
            kept (young):  10
            deleted:       20 objects, 4096 bytes
            missing:       0
            took:          35 ms
            """);
    assertThat(api.requests().get(0).json().toString()).isEqualTo("{}");
  }

  @Test
  void gcFollowsACollectionThatOutlastsTheNodesWait() {
    api.on("POST", "/api/gc", 202, "{\"running\":true,\"last\":null,\"lastError\":null}");
    api.on("GET", "/api/gc", 200, "{\"running\":false,\"last\":" + REPORT + ",\"lastError\":null}");

    Cli.Run result = cli.run("gc");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("running:       false").contains("deleted:       20 objects");
  }

  @Test
  void gcFailsWhenTheCollectionFailed() {
    api.on("POST", "/api/gc", 202, "{\"running\":true,\"last\":null,\"lastError\":null}");
    api.on(
        "GET", "/api/gc", 200, "{\"running\":false,\"last\":null,\"lastError\":\"marking more\"}");

    Cli.Run result = cli.run("gc");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("marking more");
  }
}
