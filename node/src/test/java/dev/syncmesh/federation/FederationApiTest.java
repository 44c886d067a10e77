package dev.syncmesh.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.node.PeerFeature;
import dev.syncmesh.remote.Credentials;
import dev.syncmesh.testing.MeshApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation API and the HTTP link between two in-process nodes, each on its own H2 database
 * (so objects really travel), with packs of at most 100 objects (so transfers take several):
 * tokens and access lists, typed errors, and hostile packs pushed
 * straight at the push route, each refused with its type and no head moved. The same scenarios
 * between node processes on H2 and MariaDB are in {@code FederationProcessTest} (ops).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederationApiTest {
  private static final String WEST_TOKEN = "west-secret-1";
  private static final String READER_TOKEN = "reader-secret-2";
  /** Packs of at most 100 objects, so a clone of 300 records or a push of 250 takes several. */
  private static final PackLimits SMALL_PACKS = new PackLimits(100, 1 << 20, 16, 64 << 10);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path data;
  private SyncMeshNode server;
  private SyncMeshNode client;
  private MeshApi serverApi;
  private MeshApi clientApi;
  private CredentialCatcher catcher;

  @BeforeAll
  void start() {
    server =
        SyncMeshNode.start(
            config("server", Map.of("syncmesh.tokens", "west=" + WEST_TOKEN + ",reader=" + READER_TOKEN)),
            List.of(new PeerFeature(new Credentials(name -> null), SMALL_PACKS)));
    String origin = server.httpBaseUri().toString().replaceAll("/$", "");
    catcher = new CredentialCatcher();
    Map<String, String> environment =
        Map.of(
            "SYNCMESH_CREDENTIAL_WEST", WEST_TOKEN,
            "SYNCMESH_CREDENTIAL_WEST_URL", origin,
            "SYNCMESH_CREDENTIAL_READER", READER_TOKEN,
            "SYNCMESH_CREDENTIAL_READER_URL", origin,
            "SYNCMESH_CREDENTIAL_WRONG", "not-a-token",
            "SYNCMESH_CREDENTIAL_WRONG_URL", origin,
            "SYNCMESH_CREDENTIAL_NOBODY_URL", origin,
            "SYNCMESH_CREDENTIAL_REDIRECTED", WEST_TOKEN,
            "SYNCMESH_CREDENTIAL_REDIRECTED_URL", catcher.redirecting());
    client =
        SyncMeshNode.start(
            config("client", Map.of()),
            List.of(new PeerFeature(new Credentials(environment::get), SMALL_PACKS)));
    serverApi = new MeshApi(server.httpBaseUri());
    clientApi = new MeshApi(client.httpBaseUri());
  }

  @AfterAll
  void stop() {
    if (catcher != null) {
      catcher.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Config config(String name, Map<String, Object> extra) {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.resolve(name).toString());
    settings.put("syncmesh.federation.attempts", 2);
    settings.put("syncmesh.federation.backoff-min", "50ms");
    settings.putAll(extra);
    return NodeConfig.load(settings);
  }

  @Test
  void aCloneThenSyncsBothWaysWithExactCounts() throws Exception {
    serverApi.createPeer("clone-src");
    access("clone-src", "[\"west\"]", "[\"west\"]");
    transaction(serverApi, "clone-src", 0, 300, "v0");
    clientApi.createPeer("clone-dst");
    federatedRemote("clone-dst", "up", "clone-src", "west");

    JsonNode clone = clientApi.sync("clone-dst", "up", null);
    assertThat(clone.path("outcome").asText()).as(clone.toString()).isEqualTo("FAST_FORWARD");
    assertThat(clientApi.head("clone-dst")).isEqualTo(serverApi.head("clone-src"));
    long objects = clone.path("objectsReceived").asLong();
    assertThat(objects).isGreaterThan(301); // 300 blobs, the tree's nodes, the commit
    assertThat(clone.path("bytesReceived").asLong()).isGreaterThan(300 * 20);

    clientApi.put("clone-dst", "issues/i-000001", "{\"title\":\"east\"}");
    serverApi.put("clone-src", "issues/i-000002", "{\"title\":\"west\"}");
    JsonNode both = clientApi.sync("clone-dst", "up", null);
    assertThat(both.path("outcome").asText()).as(both.toString()).isEqualTo("MERGED");
    assertThat(both.path("pushed").asBoolean()).isTrue();
    // the server's new commit: its changed blob, the nodes on its path, the commit
    assertThat(both.path("objectsReceived").asLong()).isBetween(3L, 8L);
    assertThat(serverApi.head("clone-src")).isEqualTo(clientApi.head("clone-dst"));
    assertThat(serverApi.record("clone-src", "issues/i-000001")).isEqualTo("{\"title\":\"east\"}");

    transaction(clientApi, "clone-dst", 1000, 1250, "east"); // a push in several parts
    JsonNode parts = clientApi.sync("clone-dst", "up", null);
    assertThat(parts.path("outcome").asText()).as(parts.toString()).isEqualTo("REMOTE_BEHIND");
    assertThat(parts.path("pushed").asBoolean()).isTrue();
    assertThat(serverApi.head("clone-src")).isEqualTo(clientApi.head("clone-dst"));
    assertThat(serverApi.get("/peers/clone-src").path("records").asInt()).isEqualTo(550);

    JsonNode noop = clientApi.sync("clone-dst", "up", null);
    assertThat(noop.path("outcome").asText()).isEqualTo("UP_TO_DATE");
    // Both sides count the pack bytes they moved, in and out, as clients and as servers.
    assertThat(federationBytes(client, "in", "client")).isGreaterThan(clone.path("bytesReceived").asLong());
    assertThat(federationBytes(client, "out", "client")).isPositive();
    assertThat(federationBytes(server, "out", "server")).isGreaterThan(clone.path("bytesReceived").asLong());
    assertThat(federationBytes(server, "in", "server")).isPositive();
    assertThat(noop.path("objectsReceived").asLong()).isZero();
  }

  @Test
  void tokensAndAccessListsDecideWhoMayPullAndPush() {
    serverApi.createPeer("guarded");
    serverApi.put("guarded", "t/1", "{\"v\":1}");
    clientApi.createPeer("reader");
    federatedRemote("reader", "wrong", "guarded", "wrong");
    federatedRemote("reader", "unset", "guarded", "nobody");
    federatedRemote("reader", "up", "guarded", "reader");

    assertFailed(clientApi.sync("reader", "up", null), "AUTH"); // deny by default
    assertFailed(clientApi.sync("reader", "wrong", null), "AUTH");
    JsonNode unset = clientApi.sync("reader", "unset", null);
    assertFailed(unset, "AUTH");
    assertThat(unset.path("error").path("message").asText()).contains("SYNCMESH_CREDENTIAL_NOBODY");

    access("guarded", "[\"reader\"]", "[]");
    assertThat(clientApi.sync("reader", "up", null).path("outcome").asText()).isEqualTo("FAST_FORWARD");
    clientApi.put("reader", "t/2", "{\"v\":2}");
    JsonNode denied = clientApi.sync("reader", "up", null);
    assertThat(denied.path("outcome").asText()).isEqualTo("REMOTE_BEHIND");
    assertThat(denied.path("pushed").asBoolean()).isFalse();
    assertThat(denied.path("pushError").path("kind").asText()).isEqualTo("AUTH");
    assertThat(serverApi.record("guarded", "t/2")).isNull();

    URI head = federation("/peers/guarded/head");
    assertThat(send(get(head)).statusCode()).isEqualTo(401);
    assertThat(send(get(head).header("Authorization", "Bearer nope")).statusCode()).isEqualTo(401);
    assertThat(send(get(head).header("Authorization", "Bearer " + WEST_TOKEN)).statusCode())
        .isEqualTo(403);
    assertThat(send(get(federation("/peers/nobody-here/head")).header("Authorization", "Bearer " + WEST_TOKEN)).statusCode())
        .isEqualTo(404);
    HttpResponse<String> ok = send(get(head).header("Authorization", "Bearer " + READER_TOKEN));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(MeshApi.parse(ok.body()).path("head").asText()).isEqualTo(serverApi.head("guarded"));
  }

  @Test
  void aRemoteThatIsDownIsANetworkError() {
    clientApi.createPeer("lonely");
    clientApi.ok(
        "PUT",
        "/peers/lonely/remotes/gone",
        "{\"url\":\"http://127.0.0.1:" + TestNodes.freePort() + "\",\"peer\":\"x\"}");
    clientApi.put("lonely", "t/1", "{}");
    assertFailed(clientApi.sync("lonely", "gone", null), "NETWORK");
    assertThat(clientApi.record("lonely", "t/1")).isEqualTo("{}"); // it keeps serving
  }

  @Test
  void resultsNameTheirCommitsAndStatusCountsAgainstTheTrackingHeadWhenTheRemoteIsUnreachable() {
    serverApi.createPeer("track-src");
    access("track-src", "[\"west\"]", "[\"west\"]");
    serverApi.put("track-src", "issues/1", "{\"n\":1}");
    clientApi.createPeer("track-dst");
    federatedRemote("track-dst", "up", "track-src", "west");
    String first = serverApi.head("track-src");
    JsonNode clone = clientApi.sync("track-dst", "up", null);
    assertThat(clone.path("headBefore").isNull()).isTrue();
    assertThat(clone.path("remoteHead").asText()).isEqualTo(first);
    assertThat(clone.path("headAfter").asText()).isEqualTo(first);
    assertThat(clone.path("remoteHeadAfter").asText()).isEqualTo(first);

    clientApi.put("track-dst", "issues/2", "{\"n\":2}"); // one commit ahead
    serverApi.put("track-src", "issues/3", "{\"n\":3}"); // one the client has not fetched
    JsonNode live = clientApi.get("/peers/track-dst/sync/status?remote=up");
    assertThat(live.path("ahead").isNull()).as(live.toString()).isTrue();
    assertThat(live.path("unknownReason").asText()).contains("not fetched yet");
    assertThat(live.path("stale").asBoolean()).isFalse();
    assertThat(live.path("trackingHead").asText()).isEqualTo(first);

    // The remote refuses the credential now: counts against the tracking head, marked stale.
    clientApi.ok("PUT", "/peers/track-dst/remotes/up", "{\"credential\":\"wrong\"}");
    JsonNode stale = clientApi.get("/peers/track-dst/sync/status?remote=up");
    assertThat(stale.path("stale").asBoolean()).as(stale.toString()).isTrue();
    assertThat(stale.path("ahead").asInt()).isEqualTo(1);
    assertThat(stale.path("behind").asInt()).isZero();
    assertThat(stale.path("asOf").asText()).isEqualTo(clone.path("phases").get(0).path("endedAt").asText());
    assertThat(stale.path("unknownReason").asText()).startsWith("the remote cannot be reached now");

    clientApi.ok("PUT", "/peers/track-dst/remotes/up", "{\"credential\":\"west\"}");
    String theirs = serverApi.head("track-src");
    JsonNode merged = clientApi.sync("track-dst", "up", "ours");
    assertThat(merged.path("outcome").asText()).as(merged.toString()).isEqualTo("MERGED");
    String mine = clientApi.head("track-dst");
    assertThat(merged.path("headAfter").asText()).isEqualTo(mine);
    assertThat(merged.path("remoteHead").asText()).isEqualTo(theirs).isNotEqualTo(mine);
    assertThat(merged.path("remoteHeadAfter").asText()).isEqualTo(mine); // the push landed
    assertThat(serverApi.head("track-src")).isEqualTo(mine);
    JsonNode after = clientApi.get("/peers/track-dst/sync/status?remote=up");
    assertThat(after.path("ahead").asInt()).isZero();
    assertThat(after.path("behind").asInt()).isZero();
    assertThat(after.path("trackingHead").asText()).isEqualTo(mine);

    // Pointed at another peer, the remote's old tracking head is forgotten.
    serverApi.createPeer("track-other");
    access("track-other", "[]", "[]");
    clientApi.ok("PUT", "/peers/track-dst/remotes/up", "{\"peer\":\"track-other\",\"credential\":\"wrong\"}");
    JsonNode forgotten = clientApi.get("/peers/track-dst/sync/status?remote=up");
    assertThat(forgotten.path("stale").asBoolean()).isFalse();
    assertThat(forgotten.path("ahead").isNull()).isTrue();
    assertThat(forgotten.path("trackingHead").isNull()).isTrue();
  }

  @Test
  void aCredentialGoesOnlyToTheOriginsItIsBoundTo() {
    clientApi.createPeer("careful");
    // Bound to the server: pointing it at another URL is refused, and nothing is stored or sent.
    clientApi.problem(
        400,
        "invalid-remote",
        "PUT",
        "/peers/careful/remotes/stolen",
        "{\"url\":\"" + catcher.catching() + "\",\"peer\":\"x\",\"credential\":\"west\"}");
    clientApi.problem(
        400,
        "invalid-remote",
        "PUT",
        "/peers/careful/remotes/unbound",
        "{\"url\":\"" + catcher.catching() + "\",\"peer\":\"x\",\"credential\":\"nobound\"}");
    // An existing remote moved elsewhere keeps its credential: refused too, the old URL stays.
    federatedRemote("careful", "moved", "x", "west");
    clientApi.problem(
        400, "invalid-remote", "PUT", "/peers/careful/remotes/moved", "{\"url\":\"" + catcher.catching() + "\"}");
    String remotes = clientApi.get("/peers/careful/remotes").toString();
    assertThat(remotes).contains(server.httpBaseUri().toString()).doesNotContain("stolen", "unbound");
    assertThat(remotes).doesNotContain(catcher.catching());
    // Plain http:// beyond loopback needs SYNCMESH_ALLOW_PLAIN_HTTP.
    clientApi.problem(
        400, "invalid-remote", "PUT", "/peers/careful/remotes/far", "{\"url\":\"http://mesh.example:8080\",\"peer\":\"x\"}");
    // No redirect is followed: the bound origin answers 302 to the catcher, which sees nothing.
    clientApi.ok(
        "PUT",
        "/peers/careful/remotes/redirected",
        "{\"url\":\"" + catcher.redirecting() + "\",\"peer\":\"x\",\"credential\":\"redirected\"}");
    assertThat(clientApi.sync("careful", "redirected", null).path("outcome").asText()).isEqualTo("FAILED");
    assertThat(catcher.redirects()).isPositive();
    assertThat(catcher.caught()).as("requests the catcher received").isEmpty();
  }

  @Test
  void hostilePacksAreRefusedWithTheirTypeAndNoHeadMoves() {
    serverApi.createPeer("target");
    access("target", "[]", "[\"west\"]");
    serverApi.put("target", "t/1", "{\"v\":1}");
    new HostilePushes(server.httpBaseUri(), WEST_TOKEN).run("target");
  }

  @Test
  void aPushCannotGraftAnotherPeersObjectsItDidNotSend() throws Exception {
    serverApi.createPeer("grafted");
    access("grafted", "[\"west\"]", "[\"west\"]");
    serverApi.put("grafted", "t/1", "{\"v\":1}");
    serverApi.createPeer("secret");
    access("secret", "[\"reader\"]", "[]");
    serverApi.put("secret", "s/1", "{\"card\":\"4111-1111\"}");
    HttpResponse<byte[]> secretPack =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(server.httpBaseUri() + "/federation/v1/peers/secret/fetch"))
                .header("Authorization", "Bearer " + READER_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"haves\":[]}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(secretPack.statusCode()).isEqualTo(200);

    new HostilePushes(server.httpBaseUri(), WEST_TOKEN)
        .grafts("grafted", "secret", "s/1", "{\"card\":\"4111-1111\"}", secretPack.body());

    // Nothing of the secret peer reached the one it pushed to: west can fetch all of it.
    assertThat(serverApi.get("/peers/grafted/records").toString()).doesNotContain("4111");
  }

  @Test
  void havesOutsideTheServedPeersHistoryAreIgnoredAsIfUnknown() throws Exception {
    // Another peer of the server holds the same records: a have naming its head would let the
    // pack leave them out, and so tell the caller what that peer holds.
    serverApi.createPeer("hidden");
    transaction(serverApi, "hidden", 0, 40, "same");
    String hiddenHead = serverApi.head("hidden");
    serverApi.createPeer("shown");
    access("shown", "[\"reader\"]", "[]");
    transaction(serverApi, "shown", 0, 40, "same");
    String firstShown = serverApi.head("shown");
    transaction(serverApi, "shown", 40, 45, "same");

    byte[] none = fetchPack("shown", "[]");
    byte[] unknown = fetchPack("shown", "[\"" + "ab".repeat(32) + "\"]");
    byte[] hidden = fetchPack("shown", "[\"" + hiddenHead + "\"]");
    assertThat(unknown).isEqualTo(none);
    assertThat(hidden).as("a have of another peer changes nothing").isEqualTo(none);
    // A have in the served peer's own history still trims the pack.
    byte[] own = fetchPack("shown", "[\"" + firstShown + "\", \"" + hiddenHead + "\"]");
    assertThat(own.length).isLessThan(none.length / 2);
    assertThat(own).isEqualTo(fetchPack("shown", "[\"" + firstShown + "\"]"));
  }

  private byte[] fetchPack(String peer, String haves) throws Exception {
    HttpResponse<byte[]> pack =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(server.httpBaseUri() + "/federation/v1/peers/" + peer + "/fetch"))
                .header("Authorization", "Bearer " + READER_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"haves\":" + haves + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pack.statusCode()).as(new String(pack.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
    return pack.body();
  }

  private static double federationBytes(SyncMeshNode node, String direction, String role)
      throws IOException, InterruptedException {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(node.managementUri() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String series =
        "syncmesh_federation_bytes_total{direction=\"" + direction + "\",role=\"" + role + "\",} ";
    return metrics.lines()
        .filter(line -> line.startsWith(series) || line.startsWith(series.replace(",} ", "} ")))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void assertFailed(JsonNode result, String kind) {
    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("FAILED");
    assertThat(result.path("error").path("kind").asText()).as(result.toString()).isEqualTo(kind);
    assertThat(result.path("error").path("phase").asText()).isEqualTo("fetch");
  }

  private void access(String peer, String pull, String push) {
    serverApi.ok("PUT", "/peers/" + peer + "/access", "{\"pull\":" + pull + ",\"push\":" + push + "}");
  }

  private void federatedRemote(String peer, String name, String remotePeer, String credential) {
    clientApi.ok(
        "PUT",
        "/peers/" + peer + "/remotes/" + name,
        "{\"url\":\""
            + server.httpBaseUri()
            + "\",\"peer\":\""
            + remotePeer
            + "\",\"credential\":\""
            + credential
            + "\"}");
  }

  private static void transaction(MeshApi api, String peer, int from, int to, String variant) {
    List<String> writes = new ArrayList<>();
    for (int i = from; i < to; i++) {
      writes.add(
          String.format(
              "{\"key\":\"issues/i-%06d\",\"value\":{\"title\":\"Issue %d %s\",\"state\":\"open\"}}",
              i, i, variant));
    }
    api.ok("POST", "/peers/" + peer + "/transactions", "{\"writes\":[" + String.join(",", writes) + "]}");
  }

  private URI federation(String path) {
    return URI.create(server.httpBaseUri() + "/federation/v1" + path);
  }

  private static HttpRequest.Builder get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
