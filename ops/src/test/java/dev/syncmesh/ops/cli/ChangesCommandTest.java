package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangesCommandTest extends ApiTest {
  private static final String H3 = "3".repeat(64);

  private static String commit(String hash, String parent, String message, long size, String changes, String next) {
    return "{\"commit\":\"" + hash + "\",\"tree\":\"" + H3 + "\",\"parents\":[\"" + parent
        + "\"],\"author\":\"ann\",\"message\":\"" + message + "\",\"time\":\"2026-01-02T03:04:05Z\","
        + "\"generation\":2,\"size\":" + size + ",\"changes\":[" + changes + "],\"changesNext\":"
        + (next == null ? "null" : "\"" + next + "\"") + "}";
  }

  private static final String ADDED =
      "{\"key\":\"notes/a\",\"change\":\"added\",\"before\":null,\"after\":\"" + H3 + "\"}";
  private static final String DELETED =
      "{\"key\":\"notes/b\",\"change\":\"deleted\",\"before\":\"" + H3 + "\",\"after\":null}";

  @Test
  void aPagePrintsEachCommitThenItsChangesAndWhereToGoOn() {
    api.on(
        "GET",
        "/api/peers/alpha/changes",
        200,
        "{\"since\":[\"" + H3 + "\"],\"head\":\"" + H2 + "\",\"commits\":["
            + commit(H1, H3, "first\\nmore text", 2, ADDED + "," + DELETED, null) + ","
            + commit(H2, H1, "second", 3, ADDED, "notes/a") + "],\"next\":\"" + H2 + "\"}");

    var run = cli.run("changes", "alpha", "--since", H3, "--limit", "2");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "0123456789ab  2 changes  first\n"
                + "  added    notes/a\n"
                + "  deleted  notes/b\n"
                + "fedcba987654  3 changes  second\n"
                + "  added    notes/a\n"
                + "  ... 2 more (syncmesh diff alpha --from " + H1 + " --to " + H2 + " --after notes/a)\n"
                + "more after " + H2 + " (use --since " + H2 + ")\n");
    assertThat(api.only().query()).isEqualTo("since=" + H3 + "&limit=2");
  }

  @Test
  void jsonPrintsTheReplyAsItIs() {
    String body = "{\"since\":[],\"head\":null,\"commits\":[],\"next\":null}";
    api.on("GET", "/api/peers/alpha/changes", 200, body);

    assertThat(cli.run("changes", "alpha", "--json").out()).isEqualTo(body + "\n");
    assertThat(cli.run("changes", "alpha").out()).isEqualTo("no commits\n");
  }

  @Test
  void followPrintsEachCommitAsItsEventArrivesUpToTheLimit() {
    String events =
        "data:" + commit(H1, H3, "first", 1, ADDED, null) + "\nevent:commit\nid:" + H1 + "\n\n"
            + "data:\n\n" // a heartbeat
            + "data:" + commit(H2, H1, "second", 1, DELETED, null) + "\nevent:commit\nid:" + H2 + "\n\n"
            + "data:" + commit(H3, H2, "third", 0, "", null) + "\nevent:commit\nid:" + H3 + "\n\n";
    api.on("GET", "/api/peers/alpha/changes", new FakeApi.Reply(200, "text/event-stream", events, Map.of(), 0));

    var run = cli.run("changes", "alpha", "--since", H3, "--follow", "--limit", "2");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "0123456789ab  1 change  first\n  added    notes/a\nfedcba987654  1 change  second\n  deleted  notes/b\n");
    assertThat(api.only().query()).isEqualTo("feed=continuous&since=" + H3);
    assertThat(api.only().header("Accept")).startsWith("text/event-stream");
    assertThat(api.only().header("Authorization")).isEqualTo("Bearer " + Cli.TOKEN);

    var json = cli.run("changes", "alpha", "--follow", "--limit", "1", "--json");
    assertThat(json.out()).isEqualTo(commit(H1, H3, "first", 1, ADDED, null) + "\n");
  }

  @Test
  void aFeedThatEndsSaysWhereToResume() {
    String events = "data:" + commit(H1, H3, "first", 1, ADDED, null) + "\nevent:commit\nid:" + H1 + "\n\n";
    api.on("GET", "/api/peers/alpha/changes", new FakeApi.Reply(200, "text/event-stream", events, Map.of(), 0));
    api.problem("GET", "/api/peers/nobody/changes", 404, "peer-not-found", "Not found", "no peer nobody");

    var run = cli.run("changes", "alpha", "--follow");

    assertThat(run.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err()).isEqualTo("syncmesh: unavailable: the node ended the feed; resume with --since " + H1 + "\n");
    assertThat(cli.run("changes", "nobody", "--follow").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.run("changes", "alpha", "--limit", "0").exit()).isEqualTo(ExitCodes.USAGE);
  }
}
