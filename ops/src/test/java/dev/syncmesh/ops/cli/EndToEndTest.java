package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real node on H2: peers, records, commits, history and the cluster. */
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path data;
  private static SyncMeshNode node;
  private static Cli cli;

  @BeforeAll
  static void start() {
    node = SyncMeshNode.start(TestNodes.h2(data.resolve("data")));
    cli = new Cli(node.httpBaseUri().toString());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void peersAndRecords() throws Exception {
    assertThat(ok("peer", "create", "alpha")).isEqualTo("created peer alpha\n");
    assertThat(cli.run("peer", "create", "alpha").exit()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(ok("peer", "list")).contains("alpha");
    assertThat(json("peer", "list", "--json").path("peers").toString()).contains("\"alpha\"");

    String put = ok("put", "alpha", "notes/n-1", "{\"title\": \"x\", \"n\": 1.50}", "--actor", "ann");
    assertThat(put).startsWith("created notes/n-1 (hash ").contains(", commit ");
    assertThat(ok("get", "alpha", "notes/n-1")).isEqualTo("{\"n\":1.5,\"title\":\"x\"}\n");
    JsonNode written = json("put", "alpha", "notes/n-2", "{\"title\":\"y\"}", "--json");
    String hash = written.path("hash").asText();
    assertThat(ok("put", "alpha", "notes/n-2", "{\"title\":\"z\"}", "--if-match", hash)).startsWith("written notes/n-2");
    assertThat(cli.run("put", "alpha", "notes/n-2", "{}", "--if-match", hash).exit())
        .isEqualTo(ExitCodes.PRECONDITION_FAILED);
    assertThat(cli.run("get", "alpha", "notes/missing").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.run("get", "nobody", "notes/n-1").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.run("put", "alpha", "Bad/key", "{}").exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.run("get", "alpha", "notes/n-1", "--at", "0".repeat(64)).exit()).isEqualTo(ExitCodes.NOT_FOUND);

    assertThat(ok("list", "alpha")).contains("notes/n-1").contains("notes/n-2");
    assertThat(json("list", "alpha", "--limit", "1", "--all", "--json").path("records").size()).isEqualTo(2);
    assertThat(ok("delete", "alpha", "notes/n-1")).startsWith("deleted notes/n-1 (commit ");
    assertThat(cli.run("delete", "alpha", "notes/n-1").exit()).isEqualTo(ExitCodes.NOT_FOUND);

    String show = ok("peer", "show", "alpha");
    assertThat(show).contains("autocommit:").contains("on").contains("records:").contains("pending merge:");
    assertThat(json("peer", "show", "alpha", "--json").path("records").asInt()).isEqualTo(1);
  }

  @Test
  void commitsAndHistory() throws Exception {
    ok("peer", "create", "beta");
    Path writes = Files.writeString(data.resolve("writes.json"),
        "[{\"key\":\"tasks/1\",\"value\":{\"v\":1}},{\"key\":\"tasks/2\",\"value\":{\"v\":2}}]");
    assertThat(ok("tx", "beta", writes.toString(), "--message", "import")).matches("committed [0-9a-f]{12}: 2 changes\n");
    String first = json("log", "beta", "--json").path("commits").get(0).path("commit").asText();

    assertThat(ok("autocommit", "beta")).isEqualTo("autocommit: on\n");
    assertThat(ok("autocommit", "beta", "batch")).isEqualTo("autocommit: batch\n");
    assertThat(ok("put", "beta", "tasks/3", "{\"v\":3}")).contains("not committed");
    assertThat(ok("working-set", "beta")).contains("added").contains("tasks/3").contains("1 uncommitted change");
    assertThat(ok("commit", "beta", "--message", "third", "--actor", "cy")).matches("committed [0-9a-f]{12}: 1 change\n");
    assertThat(ok("commit", "beta")).isEqualTo("nothing to commit\n");
    assertThat(ok("working-set", "beta")).contains("no uncommitted changes");
    assertThat(cli.run("autocommit", "beta", "sometimes").exit()).isEqualTo(ExitCodes.USAGE);

    String log = ok("log", "beta");
    assertThat(log).contains("third").contains("import").contains("cy");
    assertThat(ok("diff", "beta", "--from", first)).contains("tasks/3").doesNotContain("tasks/1");
    assertThat(json("diff", "beta", "--json").path("changes").size()).isEqualTo(3);
    assertThat(cli.run("diff", "beta", "--from", "abc").exit()).isEqualTo(ExitCodes.INVALID_INPUT);
  }

  @Test
  void changesSinceACommitAndFollowed() throws Exception {
    ok("peer", "create", "feed");
    String first = json("put", "feed", "notes/1", "{}", "--json").path("commit").asText();
    String second = json("put", "feed", "notes/2", "{}", "--json").path("commit").asText();

    assertThat(ok("changes", "feed", "--since", first))
        .isEqualTo(second.substring(0, 12) + "  1 change  syncmesh: put (auto-commit) by api [2]\n  added    notes/2\n");
    assertThat(json("changes", "feed", "--json").path("commits").size()).isEqualTo(2);
    assertThat(cli.run("changes", "feed", "--since", "0".repeat(64)).exit()).isEqualTo(ExitCodes.NOT_FOUND);

    // Following from the second commit: the feed waits for the next one, prints it and stops.
    CompletableFuture<Cli.Run> followed =
        CompletableFuture.supplyAsync(() -> cli.run("changes", "feed", "--since", second, "--follow", "--limit", "1"));
    String third = json("put", "feed", "notes/3", "{}", "--json").path("commit").asText();
    Cli.Run run = followed.get(30, TimeUnit.SECONDS);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith(third.substring(0, 12) + "  1 change").endsWith("  added    notes/3\n");
  }

  @Test
  void cluster() throws Exception {
    ok("peer", "create", "gamma");
    String cluster = ok("cluster");
    assertThat(cluster).contains("(self)").contains("Up").contains("gamma");
    JsonNode json = json("cluster", "--json");
    assertThat(json.path("peers").path("gamma").asText()).isEqualTo(json.path("self").asText());
  }

  @Test
  void remotesSyncsAndManualResolution() throws Exception {
    ok("peer", "create", "left");
    ok("peer", "create", "right");
    assertThat(remote("add", "left", "origin", "--peer", "right")).contains("origin");
    assertThat(ok("remote", "list", "left")).contains("origin").contains("right");
    ok("put", "left", "tasks/1", "{\"title\":\"base\",\"n\":1}");
    remote("add", "right", "origin", "--peer", "left");
    assertThat(ok("sync", "right", "origin")).contains("FAST_FORWARD");

    ok("put", "left", "tasks/1", "{\"title\":\"left\",\"n\":1}");
    ok("put", "right", "tasks/1", "{\"title\":\"right\",\"n\":2}");
    Cli.Run plan = cli.run("sync", "left", "origin", "--dry-run");
    assertThat(plan.exit()).as(plan.err()).isEqualTo(ExitCodes.SYNC_CONFLICTS);
    assertThat(plan.out())
        .contains("dry run: sync left <- origin would end CONFLICTS; nothing was changed")
        .contains("no push")
        .contains("tasks/1");
    assertThat(ok("sync", "left", "origin", "--dry-run", "--strategy", "theirs"))
        .contains("would end MERGED (strategy theirs)")
        .contains("this peer would get 0 added, 1 modified, 0 deleted: tasks/1")
        .contains("the push would send 2 commits: 0 added, 0 modified, 0 deleted");
    Cli.Run conflicted = cli.run("sync", "left", "origin");
    assertThat(conflicted.exit()).as(conflicted.err()).isEqualTo(ExitCodes.SYNC_CONFLICTS);
    assertThat(conflicted.out()).contains("CONFLICTS");
    assertThat(ok("conflicts", "left")).contains("tasks/1").contains("title");
    assertThat(cli.run("merge", "commit", "left").exit()).isEqualTo(ExitCodes.CONFLICT);
    ok("resolve", "left", "tasks/1", "title", "--theirs");
    assertThat(ok("merge", "commit", "left")).isNotEmpty();
    assertThat(ok("get", "left", "tasks/1")).isEqualTo("{\"n\":2,\"title\":\"right\"}\n");

    JsonNode pushed = json("sync", "left", "origin", "--json");
    assertThat(pushed.path("outcome").asText()).isEqualTo("REMOTE_BEHIND");
    assertThat(pushed.path("pushed").asBoolean()).isTrue();
    assertThat(ok("status", "left")).contains("origin");
    assertThat(json("status", "left", "--remote", "origin", "--json").path("ahead").asInt()).isZero();
    assertThat(ok("history", "left")).contains("REMOTE_BEHIND").contains("CONFLICTS");
    String id = pushed.path("sessionId").asText();
    assertThat(json("session", "left", id, "--json").path("sessionId").asText()).isEqualTo(id);

    remote("add", "left", "ghost", "--peer", "nobody");
    assertThat(cli.run("sync", "left", "ghost").exit()).isEqualTo(ExitCodes.SYNC_FAILED);
    assertThat(cli.run("sync", "left", "missing").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    ok("remote", "remove", "left", "ghost");
    assertThat(ok("remote", "list", "left")).doesNotContain("ghost");
  }

  @Test
  void mergeRulesAndARemotesDefaultStrategySettleConflictsWithoutAPerson() throws Exception {
    ok("peer", "create", "rules-a");
    ok("peer", "create", "rules-b");
    remote("add", "rules-a", "origin", "--peer", "rules-b", "--strategy", "theirs");
    remote("add", "rules-b", "origin", "--peer", "rules-a");
    assertThat(ok("merge-rules", "rules-a")).contains("no merge rules");
    assertThat(ok("merge-rules", "rules-a", "--set", "{\"tasks\": {\"n\": \"max\"}}"))
        .containsPattern("tasks +n +max");
    Cli.Run bad = cli.run("merge-rules", "rules-a", "--set", "{\"tasks\": {\"n\": \"biggest\"}}");
    assertThat(bad.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(bad.err()).contains("the rule of tasks.'n' is 'biggest'");
    assertThat(json("merge-rules", "rules-a", "--json").path("rules").toString())
        .isEqualTo("{\"tasks\":{\"n\":\"max\"}}");
    assertThat(ok("remote", "list", "rules-a")).contains("theirs");

    ok("put", "rules-a", "tasks/1", "{\"title\":\"base\",\"n\":1}");
    ok("sync", "rules-b", "origin");
    ok("put", "rules-a", "tasks/1", "{\"title\":\"a\",\"n\":7}");
    ok("put", "rules-b", "tasks/1", "{\"title\":\"b\",\"n\":3}");
    assertThat(ok("sync", "rules-a", "origin")).contains("MERGED");
    assertThat(ok("get", "rules-a", "tasks/1")).isEqualTo("{\"n\":7,\"title\":\"b\"}\n");
    assertThat(ok("merge-rules", "rules-a", "--clear")).contains("no merge rules");
  }

  @Test
  void cloneFetchPullAndPushAsAUserRunsThem() throws Exception {
    ok("peer", "create", "kind-src");
    ok("put", "kind-src", "tasks/1", "{\"n\":1}");
    assertThat(ok("clone", "kind-src", "kind-copy"))
        .contains("created peer kind-copy with remote origin (kind-src)")
        .contains("FAST_FORWARD");
    assertThat(ok("get", "kind-copy", "tasks/1")).isEqualTo("{\"n\":1}\n");
    remote("add", "kind-src", "back", "--peer", "kind-copy");

    ok("put", "kind-src", "tasks/2", "{\"n\":2}");
    assertThat(ok("fetch", "kind-copy", "origin")).contains("FETCHED");
    assertThat(cli.run("get", "kind-copy", "tasks/2").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(json("status", "kind-copy", "--remote", "origin", "--json").path("behind").asInt())
        .isEqualTo(1);
    assertThat(ok("pull", "kind-copy", "origin")).contains("FAST_FORWARD");
    assertThat(ok("get", "kind-copy", "tasks/2")).isEqualTo("{\"n\":2}\n");

    ok("put", "kind-copy", "tasks/3", "{\"n\":3}");
    assertThat(ok("push", "kind-copy", "origin")).contains("REMOTE_BEHIND");
    assertThat(ok("get", "kind-src", "tasks/3")).isEqualTo("{\"n\":3}\n");

    ok("put", "kind-src", "tasks/4", "{\"n\":4}");
    ok("put", "kind-copy", "tasks/5", "{\"n\":5}");
    Cli.Run refused = cli.run("push", "kind-copy", "origin");
    assertThat(refused.exit()).isEqualTo(ExitCodes.SYNC_FAILED);
    assertThat(refused.out()).contains("NON_FAST_FORWARD");

    remote("set", "kind-copy", "origin", "--mode", "pull-only");
    assertThat(cli.run("push", "kind-copy", "origin").exit()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(ok("sync", "kind-copy", "origin")).contains("MERGED");
    assertThat(cli.run("get", "kind-src", "tasks/5").exit()).isEqualTo(ExitCodes.NOT_FOUND);

    assertThat(cli.run("clone", "kind-src", "kind-3", "--credential", "x").exit())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("clone", "https://example.org/", "kind-4", "--credential", "x").exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.run("peer", "list").out()).doesNotContain("kind-3").doesNotContain("kind-4");
  }

  @Test
  void importAndExportJsonLinesAsAUserRunsThem() throws Exception {
    ok("peer", "create", "lines-a");
    ok("peer", "create", "lines-b");
    Path file = data.resolve("issues.jsonl");
    Files.writeString(
        file,
        "{\"id\":\"bd-1\",\"title\":\"one\",\"labels\":[\"x\"]}\n"
            + "{\"title\":\"two\",\"id\":\"bd-2\"}\n"
            + "{\"id\":\"bd-3\",\"title\":\"three\"}\n");
    assertThat(ok("import", "lines-a", file.toString(), "--collection", "issues", "--id-field", "id", "-m", "seed"))
        .isEqualTo("imported 3 records in 1 commit\n");
    String bare = ok("export", "lines-a", "--collection", "issues", "--id-field", "id");
    assertThat(bare).isEqualTo(
        "{\"id\":\"bd-1\",\"labels\":[\"x\"],\"title\":\"one\"}\n"
            + "{\"id\":\"bd-2\",\"title\":\"two\"}\n"
            + "{\"id\":\"bd-3\",\"title\":\"three\"}\n");
    Path exported = data.resolve("exported.jsonl");
    Files.writeString(exported, ok("export", "lines-a"));
    assertThat(ok("import", "lines-b", exported.toString(), "--commit-every", "2"))
        .isEqualTo("imported 3 records in 2 commits\n");
    assertThat(ok("export", "lines-b", "--collection", "issues", "--id-field", "id")).isEqualTo(bare);

    Path bad = data.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\":\"bd-9\"}\nnot json\n");
    Cli.Run refused = cli.run("import", "lines-a", bad.toString(), "--collection", "issues", "--id-field", "id");
    assertThat(refused.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(refused.err()).contains("nothing imported").contains("line 2: not JSON");
    assertThat(cli.run("get", "lines-a", "issues/bd-9").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ok("import", "lines-a", bad.toString(), "--collection", "issues", "--id-field", "id", "--skip-bad"))
        .contains("imported 1 record in 1 commit, skipped 1 bad line")
        .contains("line 2: not JSON");
    assertThat(cli.run("import", "lines-a", data.resolve("missing.jsonl").toString()).exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.run("export", "lines-a", "--id-field", "id").exit()).isEqualTo(ExitCodes.USAGE);
  }

  /** {@code syncmesh remote --url NODE add|set ...}: there a later {@code --url} is the remote's. */
  private static String remote(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "remote";
    all[1] = "--url";
    all[2] = node.httpBaseUri().toString();
    System.arraycopy(args, 0, all, 3, args.length);
    Cli.Run run = cli.runExactly(all);
    assertThat(run.exit()).as(run.err()).isZero();
    return run.out();
  }

  private static String ok(String... args) {
    Cli.Run run = cli.run(args);
    assertThat(run.exit()).as(run.err()).isZero();
    return run.out();
  }

  private static JsonNode json(String... args) throws Exception {
    return JSON.readTree(ok(args));
  }
}
