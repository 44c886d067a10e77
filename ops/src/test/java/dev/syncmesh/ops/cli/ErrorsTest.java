package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.ops.Main;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** HTTP errors, transport failures, auth and help: the same for every command. */
class ErrorsTest {
  private final FakeApi api = newApi();
  private final Cli cli = new Cli(api);

  private static FakeApi newApi() {
    try {
      return new FakeApi();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @ParameterizedTest
  @CsvSource({
    "400, 6", "401, 7", "403, 7", "404, 3", "409, 4", "412, 5", "413, 6", "415, 6", "500, 1",
    "503, 8"
  })
  void eachErrorStatusHasItsExitCode(int status, int exit) {
    api.problem("GET", "/api/peers/alpha", status, "some-type", "Some title", "what went wrong");

    var run = cli.run("peer", "show", "alpha");

    assertThat(run.exit()).isEqualTo(exit);
    assertThat(run.err()).isEqualTo("syncmesh: Some title: what went wrong\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anErrorThatIsNotProblemJsonShowsTheStatus() {
    api.on(
        "GET",
        "/api/peers",
        new FakeApi.Reply(502, "text/html", "<h1>Bad gateway</h1>\n<p>x</p>", Map.of(), 0));

    var run = cli.run("peer", "list");

    assertThat(run.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err()).isEqualTo("syncmesh: HTTP 502: <h1>Bad gateway</h1>\n");
  }

  @Test
  void aReplyThatIsNotJsonIsInternal() {
    api.on("GET", "/api/peers", 200, "surprise");

    var run = cli.run("peer", "list");

    assertThat(run.exit()).isEqualTo(ExitCodes.INTERNAL);
    assertThat(run.err()).startsWith("syncmesh: unexpected reply:");
  }

  @Test
  void connectionRefusedIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var run = new Cli("http://127.0.0.1:" + port).run("peer", "list");

    assertThat(run.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err())
        .startsWith("syncmesh: unavailable: cannot connect to http://127.0.0.1:" + port);
  }

  @Test
  void aSlowNodeTimesOut() {
    api.on(
        "GET",
        "/api/peers",
        new FakeApi.Reply(200, "application/json", "{\"peers\":[]}", Map.of(), 2000));

    var run = cli.run("peer", "list", "--timeout", "0.3");

    assertThat(run.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err())
        .isEqualTo(
            "syncmesh: timed out: no reply from http://127.0.0.1:"
                + api.url().replaceAll(".*:", "")
                + " within 0.3 s\n");
  }

  @Test
  void theTokenGoesIntoTheAuthorizationHeaderOnly() {
    api.problem("GET", "/api/peers", 401, "unauthorized", "Unauthorized", "bad token");

    var run = cli.run("peer", "list");

    assertThat(api.only().header("Authorization")).isEqualTo("Bearer " + Cli.TOKEN);
    assertThat(run.exit()).isEqualTo(ExitCodes.AUTH);
  }

  @Test
  void withoutATokenNoAuthorizationIsSent() {
    api.on("GET", "/api/peers", 200, "{\"peers\":[]}");

    cli.env("SYNCMESH_API_TOKEN", null).run("peer", "list");

    assertThat(api.only().header("Authorization")).isNull();
  }

  @Test
  void theUrlComesFromTheEnvironmentWhenNotGiven() {
    api.on("GET", "/api/peers", 200, "{\"peers\":[\"alpha\"]}");

    var run = cli.env("SYNCMESH_URL", api.url() + "/").runExactly("peer", "list");

    assertThat(run.exit()).isZero();
    assertThat(api.only().path()).isEqualTo("/api/peers");
  }

  @Test
  void aBadUrlIsAUsageError() {
    var run = cli.runExactly("peer", "list", "--url", "ftp://x");

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--url 'ftp://x' is not an http(s) URL");
  }

  @Test
  void unknownOptionsAndMissingArgumentsAreUsageErrors() {
    assertThat(cli.run("get", "alpha").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("peer", "list", "--token", "x").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.runExactly("peer").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void everyCommandsHelpPointsToTheExitCodesTable() {
    List<String[]> paths = new ArrayList<>();
    collect(Main.commandLine(CommandLine.defaultFactory()), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(25);
    for (String[] path : paths) {
      String[] args = java.util.Arrays.copyOf(path, path.length + 1);
      args[path.length] = "--help";
      var run = cli.runExactly(args);
      assertThat(run.exit()).as(String.join(" ", args)).isZero();
      assertThat(run.out())
          .as(String.join(" ", args))
          .contains("Exit codes: syncmesh help exit-codes")
          .doesNotContain("12  sync failed");
    }
    assertThat(cli.runExactly("get", "--help").out())
        .contains("--url", "--json", "--timeout", "--at", "--context");
  }

  @Test
  void theExitCodesTableIsInTheTopHelpAndItsOwnTopic() {
    var top = cli.runExactly("--help");
    var topic = cli.runExactly("help", "exit-codes");

    assertThat(top.out()).contains("Exit codes:", "  6  invalid input", " 12  sync failed");
    assertThat(topic.exit()).isZero();
    assertThat(topic.out()).startsWith("Exit codes:").contains(" 12  sync failed");
    assertThat(top.out()).contains(topic.out());
    assertThat(cli.runExactly("help").out()).isEqualTo(top.out());
  }

  @Test
  void helpShowsASubcommandsHelpAndRefusesUnknownNames() {
    assertThat(cli.runExactly("help", "remote", "add").out())
        .isEqualTo(cli.runExactly("remote", "add", "--help").out());
    var unknown = cli.runExactly("help", "exit-code");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("No command or help topic 'exit-code' (topics: exit-codes)");
  }

  private static void collect(CommandLine command, List<String> path, List<String[]> paths) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals("help") || name.equals("node") || name.equals("bench")) {
                return;
              }
              List<String> here = new ArrayList<>(path);
              here.add(name);
              paths.add(here.toArray(String[]::new));
              collect(sub, here, paths);
            });
  }
}
