package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitCommandsTest extends ApiTest {
  @TempDir Path dir;

  @Test
  void txSendsMessageActorAndWritesFromAFile() throws Exception {
    api.on(
        "POST",
        "/api/peers/alpha/transactions",
        200,
        "{\"commit\":\"" + H1 + "\",\"changed\":2,\"nothingToCommit\":false}");
    Path file =
        Files.writeString(
            dir.resolve("tx.json"),
            "{\"writes\":[{\"key\":\"notes/a\",\"value\":{\"t\":1}},{\"key\":\"notes/b\",\"value\":null}]}");

    var run = cli.run("tx", "alpha", "--message", "two at once", "--actor", "ann", file.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("committed 0123456789ab: 2 changes\n");
    assertThat(api.only().json().toString())
        .isEqualTo(
            "{\"message\":\"two at"
                + " once\",\"actor\":\"ann\",\"writes\":[{\"key\":\"notes/a\",\"value\":{\"t\":1}},{\"key\":\"notes/b\",\"value\":null}]}");
  }

  @Test
  void txTakesAnArrayOfWritesFromStdin() {
    api.on(
        "POST",
        "/api/peers/alpha/transactions",
        200,
        "{\"commit\":null,\"changed\":0,\"nothingToCommit\":true}");

    var run =
        cli.stdin("[{\"key\":\"notes/a\",\"value\":{}}]").run("tx", "alpha", "-", "--message", "m");

    assertThat(run.out()).isEqualTo("nothing to commit\n");
    assertThat(api.only().json().toString())
        .isEqualTo("{\"message\":\"m\",\"writes\":[{\"key\":\"notes/a\",\"value\":{}}]}");
  }

  @Test
  void badTransactionsAreRefusedWithoutARequest() {
    String[] bad = {
      "[]",
      "{\"writes\":{}}",
      "[{\"key\":\"notes/a\"}]",
      "[{\"key\":\"notes\",\"value\":{}}]",
      "[{\"key\":\"notes/a\",\"value\":1}]",
      "[{\"key\":\"notes/a\",\"value\":{}},{\"key\":\"notes/a\",\"value\":null}]",
      "[{"
    };
    for (String text : bad) {
      var run = cli.stdin(text).run("tx", "alpha", "-", "--message", "m");
      assertThat(run.exit()).as(text).isEqualTo(ExitCodes.INVALID_INPUT);
    }
    assertThat(
            cli.stdin("[{\"key\":\"notes/a\",\"value\":{}},{\"key\":\"notes/a\",\"value\":null}]")
                .run("tx", "alpha", "-", "--message", "m")
                .err())
        .isEqualTo("syncmesh: invalid transaction: notes/a is written more than once\n");
    assertThat(cli.run("tx", "alpha", "-").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void commitSendsOnlyWhatIsGiven() {
    api.on("POST", "/api/peers/alpha/commit", 200, "{\"commit\":null,\"nothingToCommit\":true}");

    assertThat(cli.run("commit", "alpha").out()).isEqualTo("nothing to commit\n");
    cli.run("commit", "alpha", "--message", "done", "--actor", "ann");

    assertThat(api.requests())
        .extracting(r -> r.json().toString())
        .containsExactly("{}", "{\"message\":\"done\",\"actor\":\"ann\"}");
  }

  @Test
  void autocommitShowsOrSetsTheMode() {
    api.on("GET", "/api/peers/alpha/autocommit", 200, "{\"mode\":\"on\"}");
    api.on("PUT", "/api/peers/alpha/autocommit", 200, "{\"mode\":\"batch\"}");

    assertThat(cli.run("autocommit", "alpha").out()).isEqualTo("autocommit: on\n");
    assertThat(cli.run("autocommit", "alpha", "batch").out()).isEqualTo("autocommit: batch\n");
    assertThat(cli.run("autocommit", "alpha", "sometimes").exit()).isEqualTo(ExitCodes.USAGE);

    assertThat(api.requests()).hasSize(2);
    assertThat(api.requests().get(1).json().toString()).isEqualTo("{\"mode\":\"batch\"}");
  }

  @Test
  void workingSetLogAndDiffPrintTables() {
    String change =
        "{\"key\":\"notes/a\",\"change\":\"modified\",\"before\":\""
            + H1
            + "\",\"after\":\""
            + H2
            + "\"}";
    api.on("GET", "/api/peers/alpha/working-set", 200, "{\"size\":1,\"changes\":[" + change + "]}");
    api.on(
        "GET",
        "/api/peers/alpha/log",
        200,
        "{\"commits\":[{\"commit\":\""
            + H2
            + "\",\"tree\":\""
            + H1
            + "\",\"parents\":[\""
            + H1
            + "\",\""
            + H1
            + "\"],\"author\":\"ann\",\"message\":\"merge beta\\n"
            + "more\",\"time\":\"2025-01-02T03:04:05Z\",\"generation\":3}]}");
    api.on(
        "GET",
        "/api/peers/alpha/diff",
        200,
        "{\"from\":\"" + H1 + "\",\"to\":\"" + H2 + "\",\"changes\":[" + change + "]}");

    assertThat(cli.run("working-set", "alpha").out())
        .isEqualTo(
            "CHANGE    KEY      BEFORE        AFTER\n"
                + "modified  notes/a  0123456789ab  fedcba987654\n"
                + "1 uncommitted change\n");
    assertThat(cli.run("log", "alpha", "--limit", "5").out())
        .isEqualTo(
            "COMMIT        TIME                  AUTHOR  MESSAGE\n"
                + "fedcba987654  2025-01-02T03:04:05Z  ann     (merge) merge beta\n");
    assertThat(cli.run("diff", "alpha", "--from", H1, "--to", H2).out())
        .startsWith("diff 0123456789ab .. fedcba987654\nCHANGE");
    assertThat(api.requests().get(1).query()).isEqualTo("limit=5");
    assertThat(api.requests().get(2).query()).isEqualTo("from=" + H1 + "&to=" + H2);
    assertThat(cli.run("diff", "alpha", "--from", "xyz").exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(api.requests()).hasSize(3);
  }

  @Test
  void workingSetAndDiffPageWithAfter() {
    String change =
        "{\"key\":\"notes/b\",\"change\":\"added\",\"before\":null,\"after\":\"" + H2 + "\"}";
    api.on(
        "GET",
        "/api/peers/alpha/working-set",
        200,
        "{\"size\":3,\"changes\":[" + change + "],\"next\":\"notes/b\"}");
    api.on(
        "GET",
        "/api/peers/alpha/diff",
        200,
        "{\"from\":null,\"to\":\"" + H2 + "\",\"changes\":[" + change + "],\"next\":\"notes/b\"}");

    assertThat(cli.run("working-set", "alpha", "--after", "notes/a", "--limit", "1").out())
        .endsWith("3 uncommitted changes (1 listed)\nmore after notes/b (use --after notes/b)\n");
    assertThat(cli.run("diff", "alpha", "--after", "notes/a").out())
        .endsWith("more after notes/b (use --after notes/b)\n");
    assertThat(api.requests().get(0).query()).isEqualTo("after=notes%2Fa&limit=1");
    assertThat(api.requests().get(1).query()).isEqualTo("after=notes%2Fa");
  }
}
