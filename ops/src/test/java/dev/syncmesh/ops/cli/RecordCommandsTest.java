package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCommandsTest extends ApiTest {
  private static final String RECORD_PATH = "/api/peers/alpha/records/notes/n-1";
  private static final String WRITTEN =
      "{\"key\":\"notes/n-1\",\"hash\":\"" + H1 + "\",\"commit\":\"" + H2 + "\"}";

  @TempDir Path dir;

  @Test
  void getPrintsTheRecordAsItIsInBothModes() {
    api.on(
        "GET",
        RECORD_PATH,
        new FakeApi.Reply(
            200, "application/json", "{\"title\":\"x\"}", Map.of("ETag", "\"" + H1 + "\""), 0));

    var run = cli.run("get", "alpha", "notes/n-1", "--at", H2);

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("{\"title\":\"x\"}\n");
    assertThat(api.only().query()).isEqualTo("at=" + H2);
    assertThat(cli.run("get", "alpha", "notes/n-1", "--json").out())
        .isEqualTo("{\"title\":\"x\"}\n");
  }

  @Test
  void aMissingRecordIsNotFound() {
    api.problem("GET", RECORD_PATH, 404, "record-not-found", "Record not found", "notes/n-1");

    var run = cli.run("get", "alpha", "notes/n-1");

    assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run.err()).isEqualTo("syncmesh: Record not found: notes/n-1\n");
  }

  @Test
  void putSendsTheJsonWithActorAndCondition() {
    api.on("PUT", RECORD_PATH, 201, WRITTEN);

    var run =
        cli.run(
            "put", "alpha", "notes/n-1", "{\"title\": 1.50}", "--actor", "ann", "--if-match", H1);

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("created notes/n-1 (hash 0123456789ab, commit fedcba987654)\n");
    var request = api.only();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.body()).isEqualTo("{\"title\": 1.50}");
    assertThat(request.header("X-Actor")).isEqualTo("ann");
    assertThat(request.header("If-Match")).isEqualTo("\"" + H1 + "\"");
  }

  @Test
  void putReadsAFileOrStdin() throws Exception {
    api.on(
        "PUT", RECORD_PATH, 200, "{\"key\":\"notes/n-1\",\"hash\":\"" + H1 + "\",\"commit\":null}");
    Path file = Files.writeString(dir.resolve("n.json"), "{\"a\":1}\n");

    assertThat(cli.run("put", "alpha", "notes/n-1", "@" + file).out())
        .isEqualTo("written notes/n-1 (hash 0123456789ab, not committed)\n");
    cli.stdin("{\"b\":2}").run("put", "alpha", "notes/n-1", "-", "--if-match", "*");

    assertThat(api.requests())
        .extracting(FakeApi.Request::body)
        .containsExactly("{\"a\":1}", "{\"b\":2}");
    assertThat(api.requests().get(1).header("If-Match")).isEqualTo("*");
    assertThat(api.requests().get(0).header("X-Actor")).isNull();
  }

  @Test
  void badLocalInputIsRefusedWithoutARequest() {
    assertThat(cli.run("put", "alpha", "notes/n-1", "{\"a\":").err())
        .startsWith("syncmesh: invalid JSON: record value:");
    assertThat(cli.run("put", "alpha", "notes/n-1", "{\"a\":1} x").exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.run("put", "alpha", "notes/n-1", "{\"a\":1,\"a\":2}").exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.run("put", "alpha", "notes/n-1", "[1]").err())
        .isEqualTo("syncmesh: invalid value: record value must be a JSON object\n");
    assertThat(cli.run("put", "alpha", "notes/n-1", "@/no/such/file").err())
        .isEqualTo("syncmesh: unreadable input: cannot read file /no/such/file\n");
    var badKey = cli.run("put", "alpha", "notes", "{}");
    assertThat(badKey.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(badKey.err())
        .isEqualTo("syncmesh: invalid key: record key 'notes' is not of the form collection/id\n");
    assertThat(cli.run("get", "alpha", "Notes/1").exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.run("delete", "alpha", "notes/..").err())
        .startsWith("syncmesh: invalid key: record id '..' cannot be written: URL paths");
    assertThat(cli.run("get", "alpha", "notes/.").exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.run("get", "alpha", "notes/1", "--at", "abc").err())
        .isEqualTo("syncmesh: invalid hash: hash 'abc' is not 64 hexadecimal digits\n");
    assertThat(cli.run("list", "alpha", "--collection", "9x").exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void aChangedRecordFailsThePrecondition() {
    api.problem(
        "PUT", RECORD_PATH, 412, "precondition-failed", "Precondition failed", "notes/n-1 changed");

    assertThat(cli.run("put", "alpha", "notes/n-1", "{}", "--if-match", H1).exit())
        .isEqualTo(ExitCodes.PRECONDITION_FAILED);
  }

  @Test
  void deleteSendsActorAndCondition() {
    api.on(
        "DELETE",
        RECORD_PATH,
        200,
        "{\"key\":\"notes/n-1\",\"hash\":null,\"commit\":\"" + H2 + "\"}");

    var run =
        cli.run("delete", "alpha", "notes/n-1", "--actor", "bot", "--if-match", "\"" + H1 + "\"");

    assertThat(run.out()).isEqualTo("deleted notes/n-1 (commit fedcba987654)\n");
    var request = api.only();
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.header("X-Actor")).isEqualTo("bot");
    assertThat(request.header("If-Match")).isEqualTo("\"" + H1 + "\"");
  }

  @Test
  void listPrintsOnePageAndSaysWhereTheNextStarts() {
    api.on(
        "GET",
        "/api/peers/alpha/records",
        200,
        "{\"records\":[{\"key\":\"notes/a\",\"value\":{\"t\":1}}],\"next\":\"notes/a\"}");

    var run = cli.run("list", "alpha", "--collection", "notes", "--limit", "1", "--at", H1);

    assertThat(run.out())
        .isEqualTo(
            "KEY      VALUE\n"
                + "notes/a  {\"t\":1}\n"
                + "more after notes/a (use --after notes/a, or --all)\n");
    assertThat(api.only().query()).isEqualTo("collection=notes&limit=1&at=" + H1);
  }

  @Test
  void listAllFollowsTheNextPages() {
    api.on(
        "GET",
        "/api/peers/alpha/records",
        200,
        "{\"records\":[{\"key\":\"notes/a\",\"value\":{\"t\":1}}],\"next\":\"notes/a\"}");
    api.on(
        "GET",
        "/api/peers/alpha/records",
        200,
        "{\"records\":[{\"key\":\"notes/b\",\"value\":{}}],\"next\":null}");

    var run = cli.run("list", "alpha", "--all", "--json", "--after", "notes/0");

    assertThat(run.out())
        .isEqualTo(
            "{\"records\":[{\"key\":\"notes/a\",\"value\":{\"t\":1}},{\"key\":\"notes/b\",\"value\":{}}],\"next\":null}\n");
    assertThat(api.requests())
        .extracting(FakeApi.Request::query)
        .containsExactly("after=notes%2F0", "after=notes%2Fa");
  }

  @Test
  void listWithJsonPrintsThePageAsItIs() {
    String page = "{\"records\":[],\"next\":null}";
    api.on("GET", "/api/peers/alpha/records", 200, page);

    assertThat(cli.run("list", "alpha", "--json").out()).isEqualTo(page + "\n");
    assertThat(cli.run("list", "alpha").out()).isEqualTo("no records\n");
  }
}
