package dev.syncmesh.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerCommandsTest extends ApiTest {
  private static final String PEER =
      "{\"name\":\"alpha\",\"head\":\""
          + H1
          + "\",\"autocommit\":\"batch\",\"records\":12,"
          + "\"workingSetSize\":2,\"remotes\":[{\"name\":\"beta\",\"peer\":\"beta\",\"url\":null,"
          + "\"credential\":null,\"push\":true,\"syncEverySeconds\":60}],"
          + "\"pendingMerge\":{\"remote\":\"beta\",\"base\":\""
          + H1
          + "\",\"theirs\":\""
          + H2
          + "\",\"conflicts\":3,\"unresolved\":1}}";

  @Test
  void createPostsTheName() {
    api.on("POST", "/api/peers", 201, "{\"name\":\"alpha\",\"head\":null}");

    var run = cli.run("peer", "create", "alpha");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("created peer alpha\n");
    var request = api.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + Cli.TOKEN);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.json().toString()).isEqualTo("{\"name\":\"alpha\"}");
  }

  @Test
  void createPrintsTheReplyWithJson() {
    api.on("POST", "/api/peers", 201, "{\"name\":\"alpha\",\"head\":null}");

    assertThat(cli.run("peer", "create", "alpha", "--json").out())
        .isEqualTo("{\"name\":\"alpha\",\"head\":null}\n");
  }

  @Test
  void anExistingPeerIsAConflict() {
    api.problem("POST", "/api/peers", 409, "peer-exists", "Peer exists", "peer alpha exists");

    var run = cli.run("peer", "create", "alpha");

    assertThat(run.exit()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(run.err()).isEqualTo("syncmesh: Peer exists: peer alpha exists\n");
  }

  @Test
  void aBadPeerNameIsRefusedWithoutARequest() {
    var run = cli.run("peer", "create", "Bad_Name");

    assertThat(run.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(run.err())
        .startsWith("syncmesh: invalid peer name: peer name 'Bad_Name' is not valid");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void listPrintsATable() {
    api.on("GET", "/api/peers", 200, "{\"peers\":[\"alpha\",\"beta\"],\"next\":null}");

    assertThat(cli.run("peer", "list").out()).isEqualTo("PEER\nalpha\nbeta\n");
    assertThat(cli.run("peer", "list", "--json").out())
        .isEqualTo("{\"peers\":[\"alpha\",\"beta\"],\"next\":null}\n");
  }

  @Test
  void listFollowsEveryPage() {
    api.on("GET", "/api/peers", 200, "{\"peers\":[\"alpha\",\"beta\"],\"next\":\"beta\"}");
    api.on("GET", "/api/peers", 200, "{\"peers\":[\"gamma\"],\"next\":null}");

    assertThat(cli.run("peer", "list").out()).isEqualTo("PEER\nalpha\nbeta\ngamma\n");
    assertThat(api.requests()).extracting(FakeApi.Request::query)
        .containsExactly("limit=1000", "limit=1000&after=beta");
  }

  @Test
  void showDescribesThePeer() {
    api.on("GET", "/api/peers/alpha", 200, PEER);

    var run = cli.run("peer", "show", "alpha");

    assertThat(run.out())
        .isEqualTo(
            """
            name:           alpha
            head:           0123456789ab
            autocommit:     batch
            records:        12
            working set:    2 changes
            remotes:        beta: peer beta, push, every 60 s
            pending merge:  from beta (theirs fedcba987654): 3 conflicts, 1 unresolved
            """);
    assertThat(cli.run("peer", "show", "alpha", "--json").out()).isEqualTo(PEER + "\n");
  }
}
