package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contexts in the config file, and which node and token a client call takes from where. */
class ContextCommandsTest {
  private static final String PEERS = "{\"peers\":[\"alpha\"]}";

  @TempDir Path home;

  private FakeApi api;
  private FakeApi other;
  private Cli cli;
  private Path file;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi().on("GET", "/api/peers", 200, PEERS);
    other = new FakeApi().on("GET", "/api/peers", 200, PEERS);
    file = home.resolve("syncmesh").resolve("config.toml");
    cli =
        new Cli(api)
            .env("XDG_CONFIG_HOME", home.toString())
            .env("SYNCMESH_API_TOKEN", null)
            .env("PROD_TOKEN", "prod-secret");
  }

  @AfterEach
  void stop() {
    api.close();
    other.close();
  }

  @Test
  void addListUseAndRemoveKeepTheOtherContexts() throws Exception {
    var added = cli.runExactly("context", "add", "prod", "--url", api.url(), "--token-env", "PROD_TOKEN");
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out()).isEqualTo("context prod: " + api.url() + " (token from $PROD_TOKEN), current\n");
    assertThat(cli.runExactly("context", "add", "test", "--url", other.url()).exit()).isZero();

    assertThat(cli.runExactly("context", "list").out())
        .isEqualTo(
            "* prod  " + api.url() + "  (token from $PROD_TOKEN)\n"
                + "  test  " + other.url() + "  (no token)\n");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(file))
        .contains("current-context = 'prod'", "[contexts.prod]", "token-env = 'PROD_TOKEN'")
        .doesNotContain("prod-secret");

    assertThat(cli.runExactly("context", "use", "test").out()).isEqualTo("current context: test\n");
    assertThat(cli.runExactly("context", "list").out()).startsWith("  prod").contains("* test");

    var removed = cli.runExactly("context", "remove", "test");
    assertThat(removed.out()).isEqualTo("removed context test; no context is current now\n");
    assertThat(cli.runExactly("context", "list").out()).isEqualTo("  prod  " + api.url() + "  (token from $PROD_TOKEN)\n");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void theCurrentContextGivesTheNodeAndItsToken() {
    cli.runExactly("context", "add", "prod", "--url", api.url(), "--token-env", "PROD_TOKEN");

    var run = cli.runExactly("peer", "list");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(api.only().header("Authorization")).isEqualTo("Bearer prod-secret");
  }

  @Test
  void theUrlOptionAndVariableOverrideTheContextWhoseTokenStaysHome() {
    cli.runExactly("context", "add", "prod", "--url", api.url(), "--token-env", "PROD_TOKEN");

    assertThat(cli.runExactly("peer", "list", "--url", other.url()).exit()).isZero();
    assertThat(cli.env("SYNCMESH_URL", other.url()).runExactly("peer", "list", "--context", "prod").exit()).isZero();

    assertThat(api.requests()).isEmpty();
    assertThat(other.requests()).hasSize(2).allSatisfy(request -> assertThat(request.header("Authorization")).isNull());
    assertThat(cli.runExactly("context", "show").out())
        .contains("node: " + other.url() + " (from SYNCMESH_URL)", "SYNCMESH_URL overrides the context", "no token");
  }

  @Test
  void theApiTokenVariableOverridesTheContextsToken() {
    cli.runExactly("context", "add", "prod", "--url", api.url(), "--token-env", "PROD_TOKEN");

    cli.env("SYNCMESH_API_TOKEN", Cli.TOKEN).runExactly("peer", "list");

    assertThat(api.only().header("Authorization")).isEqualTo("Bearer " + Cli.TOKEN);
  }

  @Test
  void contextNamesAnotherContextThanTheCurrentOne() throws Exception {
    Path token = home.resolve("test-token");
    Files.writeString(token, "file-secret\n");
    cli.runExactly("context", "add", "prod", "--url", api.url(), "--token-env", "PROD_TOKEN");
    cli.runExactly("context", "add", "test", "--url", other.url(), "--token-file", token.toString());

    assertThat(cli.runExactly("peer", "list", "--context", "test").exit()).isZero();

    assertThat(other.only().header("Authorization")).isEqualTo("Bearer file-secret");
    assertThat(cli.runExactly("context", "show", "test").out())
        .contains("context: test\n", "node: " + other.url() + " (from context test)", "token from file " + token);
  }

  @Test
  void withoutAContextTheNodesOwnSettingsAndTheDefaultStay() {
    var show = cli.env("SYNCMESH_HTTP_PORT", "9999").runExactly("context", "show");

    assertThat(show.out())
        .isEqualTo(
            "config file: " + file + " (none)\ncontext: none\n"
                + "node: http://127.0.0.1:9999 (from SYNCMESH_HOST and SYNCMESH_HTTP_PORT)\nno token\n");
    assertThat(cli.runExactly("context", "list").out()).startsWith("no contexts in " + file);
  }

  @Test
  void syncmeshConfigNamesTheFile() throws Exception {
    Path elsewhere = home.resolve("elsewhere.toml");
    Files.writeString(elsewhere, "current-context = \"x\"\n[contexts.x]\nurl = \"" + api.url() + "\"\n");

    var run = cli.env("SYNCMESH_CONFIG", elsewhere.toString()).runExactly("peer", "list");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void missingNamesAndTokensHaveTheirExitCodes() {
    cli.runExactly("context", "add", "prod", "--url", api.url(), "--token-env", "NOT_SET");

    var noToken = cli.runExactly("peer", "list");
    assertThat(noToken.exit()).isEqualTo(ExitCodes.AUTH);
    assertThat(noToken.err()).isEqualTo("syncmesh: no token: the context's token is in $NOT_SET, which is not set\n");

    var unknown = cli.runExactly("peer", "list", "--context", "prd");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).isEqualTo("syncmesh: no such context: no context prd in " + file + " (it has prod)\n");
    assertThat(cli.runExactly("context", "use", "prd").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.runExactly("context", "remove", "prd").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.runExactly("context", "add", "prod", "--url", api.url()).exit()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(cli.runExactly("context", "add", "a.b", "--url", api.url()).exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.runExactly("context", "add", "ftp", "--url", "ftp://x").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(
            cli.runExactly("context", "add", "both", "--url", api.url(), "--token-env", "A", "--token-file", "f")
                .exit())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void aBadFileIsRefusedNamingTheFileAndLine() throws Exception {
    assertBad("current-context = prod\n", "line 1: not TOML: ");
    assertBad("[contexts.prod]\nurl = \"http://a\"\ntoken_env = \"X\"\n", "line 3: unknown key token_env in contexts.prod");
    assertBad("current-context = \"prod\"\n\n[contexts.test]\nurl = \"http://a\"\n", "line 1: current-context names no context here");
    assertBad("# nodes\n[contexts.prod]\nurl = \"ftp://a\"\n", "line 3: contexts.prod.url 'ftp://a' is not an http(s) URL");
    assertBad("[contexts.prod]\nurl = \"http://a\"\ntoken-env = \"A\"\ntoken-file = \"f\"\n", "line 4: contexts.prod has token-env and token-file");
    assertBad("[contexts.prod]\nurl = 8080\n", "line 2: contexts.prod.url must be a string");
    assertBad("contexts = 1\n", "line 1: contexts must be tables");
    assertBad("contxts = 1\n", "line 1: unknown setting contxts");
    assertBad("[contexts.\"a b\"]\nurl = \"http://a\"\n", "line 1: context name a b");
  }

  private void assertBad(String text, String problem) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);

    var run = cli.runExactly("peer", "list");

    assertThat(run.exit()).as(text).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.err()).as(text).startsWith("syncmesh: invalid config file: " + file + " " + problem);
    assertThat(cli.runExactly("context", "list").exit()).isEqualTo(ExitCodes.INVALID_INPUT);
  }

  @Test
  void aTokenInTheFileIsTakenOnlyFromAFileNoOneElseReads() throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "current-context = \"prod\"\n[contexts.prod]\nurl = \"" + api.url() + "\"\ntoken = \"inline-secret\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    var exposed = cli.runExactly("peer", "list");
    assertThat(exposed.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(exposed.err()).contains("holds a token and others can read it; run: chmod 600 " + file);
    assertThat(api.requests()).isEmpty();

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(cli.runExactly("peer", "list").exit()).isZero();
    assertThat(api.only().header("Authorization")).isEqualTo("Bearer inline-secret");

    cli.runExactly("context", "add", "test", "--url", other.url());
    assertThat(Files.readString(file)).as("kept as it was").contains("token = 'inline-secret'");
    assertThat(cli.runExactly("context", "list").out()).doesNotContain("inline-secret");
  }

  @Test
  void aTokenFileIsRelativeToTheConfigFileAndAHomePathToHome() throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file.resolveSibling("token"), "relative-secret");
    Files.writeString(
        file,
        "current-context = \"prod\"\n[contexts.prod]\nurl = \"" + api.url() + "\"\ntoken-file = \"token\"\n"
            + "[contexts.home]\nurl = \"" + api.url() + "\"\ntoken-file = \"~/missing\"\n");

    assertThat(cli.runExactly("peer", "list").exit()).isZero();
    assertThat(api.only().header("Authorization")).isEqualTo("Bearer relative-secret");

    var missing = cli.env("HOME", home.toString()).runExactly("peer", "list", "--context", "home");
    assertThat(missing.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(missing.err()).isEqualTo("syncmesh: unreadable token file: cannot read " + home.resolve("missing") + "\n");
  }

  @Test
  void writingThroughASymbolicLinkRewritesTheFileItPointsAt() throws Exception {
    Path real = home.resolve("dotfiles").resolve("syncmesh.toml");
    Files.createDirectories(real.getParent());
    Files.writeString(real, "[contexts.prod]\nurl = \"" + api.url() + "\"\n");
    Files.createDirectories(file.getParent());
    Files.createSymbolicLink(file, real);

    assertThat(cli.runExactly("context", "use", "prod").exit()).isZero();

    assertThat(Files.isSymbolicLink(file)).isTrue();
    assertThat(Files.readString(real)).contains("current-context = 'prod'");
  }
}
