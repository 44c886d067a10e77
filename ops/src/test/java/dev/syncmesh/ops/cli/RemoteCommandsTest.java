package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteCommandsTest extends ApiTest {
  private static final String BETA =
      "{\"name\":\"beta\",\"peer\":\"beta\",\"url\":null,\"credential\":null,\"push\":true,\"syncEverySeconds\":null}";
  private static final String FAR =
      "{\"name\":\"far\",\"peer\":\"gamma\",\"url\":\"https://other.example\",\"credential\":\"other\",\"push\":false,\"syncEverySeconds\":30,"
          + "\"strategy\":\"theirs\",\"mergeRules\":{\"tasks\":{\"n\":\"max\"}}}";

  @Test
  void addARemoteInThisMesh() {
    api.on("GET", "/api/peers/alpha/remotes", 200, "{\"remotes\":[]}");
    api.on("PUT", "/api/peers/alpha/remotes/beta", 200, BETA);

    var run =
        cli.runExactly("remote", "--url", api.url(), "add", "alpha", "beta", "--peer", "beta");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("remote beta: peer beta, push\n");
    assertThat(api.requests().get(1).json().toString()).isEqualTo("{\"peer\":\"beta\"}");
  }

  @Test
  void addARemoteInAnotherMeshTakesTheNodeUrlFromTheEnvironment() {
    api.on("GET", "/api/peers/alpha/remotes", 200, "{\"remotes\":[]}");
    api.on("PUT", "/api/peers/alpha/remotes/far", 200, FAR);

    var run =
        cli.env("SYNCMESH_URL", api.url())
            .runExactly(
                "remote",
                "add",
                "alpha",
                "far",
                "--url",
                "https://other.example",
                "--peer",
                "gamma",
                "--credential",
                "other",
                "--no-push",
                "--every",
                "30");

    assertThat(run.out())
        .isEqualTo(
            "remote far: peer gamma at https://other.example (credential other), no push, every 30"
                + " s, strategy theirs, merge rules {\"tasks\":{\"n\":\"max\"}}\n");
    assertThat(api.requests().get(1).json().toString())
        .isEqualTo(
            "{\"peer\":\"gamma\",\"url\":\"https://other.example\",\"credential\":\"other\",\"push\":false,\"syncEverySeconds\":30}");
  }

  @Test
  void addRefusesAnExistingRemote() {
    api.on("GET", "/api/peers/alpha/remotes", 200, "{\"remotes\":[" + BETA + "]}");

    var run =
        cli.runExactly("remote", "--url", api.url(), "add", "alpha", "beta", "--peer", "beta");

    assertThat(run.exit()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void setSendsOnlyTheSettingsGiven() {
    api.on("PUT", "/api/peers/alpha/remotes/beta", 200, BETA);

    cli.runExactly("remote", "--url", api.url(), "set", "alpha", "beta", "--push", "--every", "0");
    assertThat(api.only().json().toString()).isEqualTo("{\"push\":true,\"syncEverySeconds\":null}");

    cli.runExactly(
        "remote", "--url", api.url(), "set", "alpha", "beta", "--strategy", "none",
        "--merge-rules", "{\"tasks\": {\"labels\": \"union\"}}");
    assertThat(api.requests().get(1).json().toString())
        .isEqualTo("{\"strategy\":null,\"mergeRules\":{\"tasks\":{\"labels\":\"union\"}}}");
  }

  @Test
  void badRemoteSettingsAreRefusedWithoutARequest() {
    String url = api.url();
    assertThat(cli.runExactly("remote", "--url", url, "add", "alpha", "beta").exit())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(
            cli.runExactly(
                    "remote",
                    "--url",
                    url,
                    "add",
                    "alpha",
                    "far",
                    "--peer",
                    "g",
                    "--url",
                    "https://x")
                .exit())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.runExactly("remote", "--url", url, "set", "alpha", "beta").exit())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(
            cli.runExactly("remote", "--url", url, "set", "alpha", "beta", "--strategy", "mine")
                .exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(
            cli.runExactly("remote", "--url", url, "add", "alpha", "beta", "--peer", "Not Valid")
                .exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(
            cli.runExactly(
                    "remote",
                    "--url",
                    url,
                    "set",
                    "alpha",
                    "far",
                    "--url",
                    "ftp://x",
                    "--credential",
                    "c")
                .exit())
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void listAndRemove() {
    api.on("GET", "/api/peers/alpha/remotes", 200, "{\"remotes\":[" + BETA + "," + FAR + "]}");
    api.on("DELETE", "/api/peers/alpha/remotes/beta", 204, "");

    assertThat(cli.run("remote", "list", "alpha").out())
        .isEqualTo(
            """
            NAME  PEER   URL                    CREDENTIAL  PUSH  EVERY  STRATEGY  RULES
            beta  beta   -                      -           yes   -      -         -
            far   gamma  https://other.example  other       no    30 s   theirs    {"tasks":{"n":"max"}}
            """);
    var removed = cli.run("remote", "remove", "alpha", "beta");
    assertThat(removed.exit()).isZero();
    assertThat(removed.out()).isEqualTo("removed remote beta\n");
    assertThat(api.requests().get(1).method()).isEqualTo("DELETE");
  }
}
