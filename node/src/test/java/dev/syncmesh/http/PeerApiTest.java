package dev.syncmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer API against a real node on H2: every route, and bad input for every route, which gets a
 * problem with a stable type and changes nothing.
 */
class PeerApiTest {
  @TempDir static Path data;
  private static SyncMeshNode node;
  private static URI api;

  @BeforeAll
  static void start() {
    node = SyncMeshNode.start(TestNodes.h2(data));
    api = URI.create(node.httpBaseUri() + "/api");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void peersAreCreatedListedAndDescribed() {
    HttpResponse<String> created = post("/peers", "{\"name\":\"p-list\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).path("name").asText()).isEqualTo("p-list");
    assertThat(json(created).path("head").isNull()).isTrue();
    assertThat(json(created).path("autocommit").asText()).isEqualTo("on");
    assertProblem(post("/peers", "{\"name\":\"p-list\"}"), 409, "peer-exists");
    assertThat(json(get("/peers")).path("peers").toString()).contains("\"p-list\"");
    assertThat(json(get("/peers/p-list")).path("records").asLong()).isZero();
    assertProblem(get("/peers/p-missing"), 404, "peer-not-found");
    assertProblem(get("/peers/p-missing/records"), 404, "peer-not-found");
    assertProblem(put("/peers/p-missing/records/a/b", "{}"), 404, "peer-not-found");

    String before = get("/peers").body();
    assertProblem(post("/peers", "{\"name\":\"Bad Name\"}"), 400, "invalid-peer-name");
    assertProblem(post("/peers", "{\"name\":\"" + "x".repeat(64) + "\"}"), 400, "invalid-peer-name");
    assertProblem(post("/peers", "{}"), 400, "invalid-peer-name");
    assertProblem(post("/peers", "{\"name\":"), 400, "invalid-json");
    assertProblem(post("/peers", "[]"), 400, "invalid-json");
    assertProblem(post("/peers", "{\"name\":\"ok\",\"extra\":1}"), 400, "invalid-json");
    assertProblem(
        send(HttpRequest.newBuilder(uri("/peers")).header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"p-text\"}"))),
        415, "unsupported-media-type");
    assertProblem(get("/peers/Bad"), 400, "invalid-peer-name");
    assertProblem(send(HttpRequest.newBuilder(uri("/peers/p-list")).DELETE()), 405, "method-not-allowed");
    assertThat(get("/peers").body()).isEqualTo(before);
  }

  @Test
  void peersArePagedInOrderByNameAfterTheLastOneSeen() {
    List<String> names = List.of("pg-c", "pg-a", "pg-e", "pg-b", "pg-d");
    names.forEach(name -> assertThat(post("/peers", "{\"name\":\"" + name + "\"}").statusCode()).isEqualTo(201));
    // Other tests' peers sort before (p-...) and after (q..., r...) "pg-": page through them all.
    List<String> seen = new ArrayList<>();
    String after = "";
    int pages = 0;
    do {
      JsonNode page = json(get("/peers?limit=2&after=" + after));
      assertThat(page.path("peers").size()).isBetween(1, 2);
      page.path("peers").forEach(peer -> seen.add(peer.asText()));
      after = page.path("next").isNull() ? null : page.path("next").asText();
      pages++;
    } while (after != null && pages < 1_000);
    assertThat(seen).isSorted().doesNotHaveDuplicates().containsAll(names);
    List<String> onePage = new ArrayList<>();
    json(get("/peers")).path("peers").forEach(peer -> onePage.add(peer.asText()));
    assertThat(seen).as("small pages and one page of up to 1,000").isEqualTo(onePage);
    JsonNode firstTwo = json(get("/peers?limit=2&after=pg-a"));
    assertThat(firstTwo.path("peers").toString()).isEqualTo("[\"pg-b\",\"pg-c\"]");
    assertThat(firstTwo.path("next").asText()).isEqualTo("pg-c");
    assertThat(json(get("/peers?after=pg-e")).path("peers").toString()).doesNotContain("pg-");
    assertThat(json(get("/peers?after=zzz")).path("peers").size()).isZero();
    assertThat(json(get("/peers?after=zzz")).path("next").isNull()).isTrue();
    assertProblem(get("/peers?limit=0"), 400, "invalid-parameter");
    assertProblem(get("/peers?limit=1001"), 400, "invalid-parameter");
    assertProblem(get("/peers?limit=x"), 400, "invalid-parameter");
    assertProblem(get("/peers?after=Bad%20Name"), 400, "invalid-peer-name");
  }

  @Test
  void recordsAreWrittenReadAndDeletedWithEtagsAndCommits() {
    peer("p-rec");
    HttpResponse<String> created = put("/peers/p-rec/records/tasks/t-1", "{\"title\":\"a\",\"n\":1.50}", "X-Actor", "alice");
    assertThat(created.statusCode()).isEqualTo(201);
    String hash = json(created).path("hash").asText();
    String commit = json(created).path("commit").asText();
    assertThat(created.headers().firstValue("ETag")).hasValue("\"" + hash + "\"");
    assertThat(created.headers().firstValue("SyncMesh-Commit")).hasValue(commit);

    HttpResponse<String> read = get("/peers/p-rec/records/tasks/t-1");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("{\"n\":1.5,\"title\":\"a\"}");
    assertThat(read.headers().firstValue("ETag")).hasValue("\"" + hash + "\"");

    HttpResponse<String> same = put("/peers/p-rec/records/tasks/t-1", "{ \"n\": 1.5, \"title\": \"a\" }");
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(json(same).path("commit").isNull()).isTrue();
    assertThat(same.headers().firstValue("SyncMesh-Commit")).isEmpty();

    assertProblem(put("/peers/p-rec/records/tasks/t-1", "{\"title\":\"b\"}", "If-Match", "\"" + "0".repeat(64) + "\""), 412, "precondition-failed");
    assertProblem(put("/peers/p-rec/records/tasks/t-9", "{}", "If-Match", "*"), 412, "precondition-failed");
    // RFC 9110: a well-formed tag this node never gave matches nothing, and a weak tag never
    // matches (strong comparison), even the record's own hash.
    assertProblem(put("/peers/p-rec/records/tasks/t-1", "{\"title\":\"b\"}", "If-Match", "\"v1\""), 412, "precondition-failed");
    assertProblem(put("/peers/p-rec/records/tasks/t-1", "{\"title\":\"b\"}", "If-Match", "W/\"" + hash + "\""), 412, "precondition-failed");
    assertThat(get("/peers/p-rec/records/tasks/t-1").body()).isEqualTo("{\"n\":1.5,\"title\":\"a\"}");
    HttpResponse<String> replaced = put("/peers/p-rec/records/tasks/t-1", "{\"title\":\"b\"}", "If-Match", "\"" + hash + "\"");
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(get("/peers/p-rec/records/tasks/t-1?at=" + commit).body()).isEqualTo("{\"n\":1.5,\"title\":\"a\"}");
    assertThat(json(get("/peers/p-rec/log")).path("commits").get(0).path("message").asText())
        .isEqualTo("syncmesh: put (auto-commit) by api [t-1]");
    assertThat(json(get("/peers/p-rec/log")).path("commits").get(1).path("author").asText()).isEqualTo("alice");

    HttpResponse<String> deleted = delete("/peers/p-rec/records/tasks/t-1");
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(json(deleted).path("hash").isNull()).isTrue();
    assertProblem(delete("/peers/p-rec/records/tasks/t-1"), 404, "record-not-found");
    assertProblem(get("/peers/p-rec/records/tasks/t-1"), 404, "record-not-found");
    assertThat(get("/peers/p-rec/records/tasks/t-1?at=" + commit).statusCode()).isEqualTo(200);
  }

  @Test
  void aPageOfLargeRecordsStopsAtItsByteBoundAndGivesNext() {
    peer("p-large");
    String filler = "x".repeat(700_000);
    for (int i = 0; i < 12; i++) {
      assertThat(put("/peers/p-large/records/docs/d" + (10 + i), "{\"body\":\"" + filler + "\"}").statusCode()).isEqualTo(201);
    }
    List<String> seen = new ArrayList<>();
    String after = "";
    int pages = 0;
    while (after != null) {
      JsonNode page = json(get("/peers/p-large/records?collection=docs&limit=1000" + (after.isEmpty() ? "" : "&after=" + after)));
      assertThat(page.path("records").size()).as("records in a page of at most 4 MiB").isBetween(1, 5);
      page.path("records").forEach(record -> seen.add(record.path("key").asText()));
      after = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
      pages++;
    }
    assertThat(pages).isGreaterThanOrEqualTo(3);
    assertThat(seen).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void anOversizedUploadIsAnswered413EveryTimeAndChangesNothing() {
    peer("p-big");
    String nineMegabytes = "{\"big\":\"" + "x".repeat(9 << 20) + "\"}";
    for (int i = 0; i < 20; i++) {
      assertProblem(put("/peers/p-big/records/tasks/" + i, nineMegabytes), 413, "payload-too-large");
    }
    assertThat(json(get("/peers/p-big/records")).path("records")).isEmpty();
  }

  @Test
  void badRecordWritesAreRefusedAndChangeNothing() {
    peer("p-bad");
    put("/peers/p-bad/records/tasks/keep", "{\"v\":1}");
    unchanged("p-bad", () -> {
      assertProblem(put("/peers/p-bad/records/Tasks/1", "{}"), 400, "invalid-key");
      assertProblem(put("/peers/p-bad/records/tasks/a%20b", "{}"), 400, "invalid-key");
      assertProblem(put("/peers/p-bad/records/tasks/" + "i".repeat(129), "{}"), 400, "invalid-key");
      assertProblem(put("/peers/p-bad/records/tasks/1", "[1,2]"), 400, "invalid-value");
      assertProblem(put("/peers/p-bad/records/tasks/1", "\"text\""), 400, "invalid-value");
      assertProblem(put("/peers/p-bad/records/tasks/1", "{\"*\":1}"), 400, "invalid-value");
      assertProblem(put("/peers/p-bad/records/tasks/1", "{\"a\":"), 400, "invalid-json");
      assertProblem(put("/peers/p-bad/records/tasks/1", "{\"a\":1,\"a\":2}"), 400, "invalid-json");
      assertProblem(put("/peers/p-bad/records/tasks/1", "{\"big\":\"" + "x".repeat(1 << 20) + "\"}"), 400, "value-too-large");
      assertProblem(put("/peers/p-bad/records/tasks/1", "{\"big\":\"" + "x".repeat(9 << 20) + "\"}"), 413, "payload-too-large");
      assertProblem(put("/peers/p-bad/records/tasks/1", "{}", "If-Match", "nonsense"), 400, "invalid-precondition");
      assertProblem(put("/peers/p-bad/records/tasks/1", "{}", "X-Actor", "a".repeat(200)), 400, "invalid-actor");
      assertProblem(delete("/peers/p-bad/records/tasks/keep", "If-Match", "\"unterminated"), 400, "invalid-precondition");
      assertProblem(delete("/peers/p-bad/records/tasks/keep", "If-Match", "\"a\" \"b\""), 400, "invalid-precondition");
      assertProblem(delete("/peers/p-bad/records/tasks/keep", "If-Match", "W/\"x\""), 412, "precondition-failed");
      assertProblem(get("/peers/p-bad/records/tasks/keep?at=xyz"), 400, "invalid-hash");
      assertProblem(get("/peers/p-bad/records/tasks/keep?at=" + "1".repeat(64)), 404, "commit-not-found");
      assertProblem(send(HttpRequest.newBuilder(uri("/peers/p-bad/records/tasks/keep")).method("PATCH", HttpRequest.BodyPublishers.noBody())), 405, "method-not-allowed");
    });
  }

  @Test
  void listingPagesInKeyOrder() {
    peer("p-page");
    for (String key : List.of("b/2", "a/3", "a/1", "c/1", "a/2")) {
      put("/peers/p-page/records/" + key, "{\"k\":\"" + key + "\"}");
    }
    JsonNode first = json(get("/peers/p-page/records?limit=2"));
    assertThat(first.path("records").findValuesAsText("key")).containsExactly("a/1", "a/2");
    assertThat(first.path("records").get(0).path("value").path("k").asText()).isEqualTo("a/1");
    assertThat(first.path("next").asText()).isEqualTo("a/2");
    JsonNode second = json(get("/peers/p-page/records?limit=2&after=a/2"));
    assertThat(second.path("records").findValuesAsText("key")).containsExactly("a/3", "b/2");
    JsonNode last = json(get("/peers/p-page/records?after=b/2"));
    assertThat(last.path("records").findValuesAsText("key")).containsExactly("c/1");
    assertThat(last.path("next").isNull()).isTrue();
    assertThat(json(get("/peers/p-page/records?collection=a")).path("records").size()).isEqualTo(3);
    String oldHead = json(get("/peers/p-page/log?limit=5")).path("commits").get(4).path("commit").asText();
    assertThat(json(get("/peers/p-page/records?at=" + oldHead)).path("records").findValuesAsText("key")).containsExactly("b/2");

    assertProblem(get("/peers/p-page/records?limit=0"), 400, "invalid-parameter");
    assertProblem(get("/peers/p-page/records?limit=1001"), 400, "invalid-parameter");
    assertProblem(get("/peers/p-page/records?limit=ten"), 400, "invalid-parameter");
    assertProblem(get("/peers/p-page/records?after=nokey"), 400, "invalid-key");
    assertProblem(get("/peers/p-page/records?collection=A"), 400, "invalid-key");
    assertProblem(get("/peers/p-page/records?at=abc"), 400, "invalid-hash");
    assertProblem(get("/peers/p-page/records?at=" + "2".repeat(64)), 404, "commit-not-found");
  }

  @Test
  void transactionsMakeOneCommitAndBadOnesChangeNothing() {
    peer("p-tx");
    HttpResponse<String> done = post("/peers/p-tx/transactions",
        "{\"message\":\"import\",\"actor\":\"bob\",\"writes\":[{\"key\":\"a/1\",\"value\":{\"v\":1}},{\"key\":\"a/2\",\"value\":{\"v\":2}},{\"key\":\"a/3\",\"value\":null}]}");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(json(done).path("changed").asInt()).isEqualTo(2);
    assertThat(json(done).path("nothingToCommit").asBoolean()).isFalse();
    JsonNode log = json(get("/peers/p-tx/log")).path("commits");
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.get(0).path("message").asText()).isEqualTo("import");
    assertThat(log.get(0).path("author").asText()).isEqualTo("bob");

    StringBuilder big = new StringBuilder("{\"writes\":[");
    for (int i = 0; i < 2500; i++) {
      big.append(i == 0 ? "" : ",").append("{\"key\":\"bulk/r").append(i).append("\",\"value\":{\"i\":").append(i).append("}}");
    }
    HttpResponse<String> bulk = post("/peers/p-tx/transactions", big.append("]}").toString());
    assertThat(json(bulk).path("changed").asInt()).isEqualTo(2500);
    assertThat(get("/peers/p-tx/records/bulk/r2499").body()).isEqualTo("{\"i\":2499}");
    assertThat(json(get("/peers/p-tx/log")).path("commits").get(0).path("message").asText())
        .startsWith("syncmesh: transaction by api [r0, r1, r10, r100, r1000]");
    // Only "." and ".." are dot segments; other ids made of dots go through URLs.
    assertThat(put("/peers/p-tx/records/bulk/...", "{\"dots\":3}").statusCode()).isEqualTo(201);
    assertThat(get("/peers/p-tx/records/bulk/...").body()).isEqualTo("{\"dots\":3}");

    unchanged("p-tx", () -> {
      assertProblem(post("/peers/p-tx/transactions", "{\"writes\":[]}"), 400, "invalid-request");
      assertProblem(post("/peers/p-tx/transactions", "{\"message\":\"m\"}"), 400, "invalid-request");
      assertProblem(post("/peers/p-tx/transactions", "{\"writes\":[{\"key\":\"a/1\",\"value\":{}},{\"key\":\"a/1\",\"value\":{}}]}"), 400, "invalid-request");
      assertProblem(post("/peers/p-tx/transactions", "{\"writes\":[{\"key\":\"a/1\"}]}"), 400, "invalid-request");
      assertProblem(post("/peers/p-tx/transactions", "{\"writes\":[{\"key\":\"a/9\",\"value\":{}},{\"key\":\"a/1\",\"value\":[1]}]}"), 400, "invalid-value");
      assertProblem(post("/peers/p-tx/transactions", "{\"writes\":[{\"key\":\"a/9\",\"value\":{}},{\"key\":\"bad\",\"value\":{}}]}"), 400, "invalid-key");
      assertProblem(post("/peers/p-tx/transactions", "{\"writes\":[{\"key\":\"a/..\",\"value\":{}}]}"), 400, "invalid-key");
      assertProblem(post("/peers/p-tx/transactions", "{\"writes\":[{\"key\":\"a/9\",\"value\":{}}],\"message\":\"  \"}"), 400, "invalid-message");
      assertProblem(post("/peers/p-tx/transactions", "{\"writes\":[{\"key\":\"a/9\",\"value\":{}}],\"other\":1}"), 400, "invalid-json");
      assertProblem(post("/peers/p-tx/transactions", "{\"writes\":"), 400, "invalid-json");
      assertProblem(post("/peers/p-tx/transactions", "[]"), 400, "invalid-json");
    });
  }

  @Test
  void autocommitWorkingSetCommitLogAndDiff() {
    peer("p-ws");
    String first = json(put("/peers/p-ws/records/a/1", "{\"v\":1}")).path("commit").asText();
    assertThat(json(get("/peers/p-ws/autocommit")).path("mode").asText()).isEqualTo("on");
    assertThat(json(put("/peers/p-ws/autocommit", "{\"mode\":\"batch\"}")).path("mode").asText()).isEqualTo("batch");
    HttpResponse<String> pending = put("/peers/p-ws/records/a/2", "{\"v\":2}");
    assertThat(json(pending).path("commit").isNull()).isTrue();
    JsonNode workingSet = json(get("/peers/p-ws/working-set"));
    assertThat(workingSet.path("size").asInt()).isEqualTo(1);
    assertThat(workingSet.path("changes").get(0).path("change").asText()).isEqualTo("added");
    assertThat(json(get("/peers/p-ws")).path("workingSetSize").asInt()).isEqualTo(1);
    assertThat(json(get("/peers/p-ws")).path("records").asInt()).isEqualTo(2);
    assertThat(get("/peers/p-ws/records/a/2").statusCode()).isEqualTo(200);

    HttpResponse<String> committed = post("/peers/p-ws/commit", "{\"message\":\"two\",\"actor\":\"carl\"}");
    String second = json(committed).path("commit").asText();
    assertThat(second).hasSize(64);
    HttpResponse<String> nothing = send(HttpRequest.newBuilder(uri("/peers/p-ws/commit")).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(nothing.statusCode()).isEqualTo(200);
    assertThat(json(nothing).path("nothingToCommit").asBoolean()).isTrue();
    assertThat(json(nothing).path("commit").isNull()).isTrue();

    JsonNode page = json(get("/peers/p-ws/log?limit=1"));
    JsonNode log = page.path("commits");
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.get(0).path("parents").get(0).asText()).isEqualTo(first);
    assertThat(page.path("next").asText()).isEqualTo(second);
    JsonNode rest = json(get("/peers/p-ws/log?limit=1&after=" + second));
    assertThat(rest.path("commits").findValuesAsText("commit")).containsExactly(first);
    assertThat(rest.path("next").isNull()).isTrue();
    assertProblem(get("/peers/p-ws/log?after=" + "0".repeat(64)), 404, "commit-not-found");
    assertProblem(get("/peers/p-ws/log?after=xyz"), 400, "invalid-hash");
    JsonNode diff = json(get("/peers/p-ws/diff?from=" + first + "&to=" + second));
    assertThat(diff.path("changes").findValuesAsText("key")).containsExactly("a/2");
    assertThat(json(get("/peers/p-ws/diff")).path("changes").size()).isEqualTo(2);

    unchanged("p-ws", () -> {
      assertProblem(put("/peers/p-ws/autocommit", "{\"mode\":\"sometimes\"}"), 400, "invalid-mode");
      assertProblem(put("/peers/p-ws/autocommit", "{}"), 400, "invalid-mode");
      assertProblem(put("/peers/p-ws/autocommit", "on"), 400, "invalid-json");
      assertProblem(post("/peers/p-ws/commit", "{\"mesage\":\"typo\"}"), 400, "invalid-json");
      assertProblem(post("/peers/p-ws/commit", "{\"actor\":\"" + "a".repeat(129) + "\"}"), 400, "invalid-actor");
      assertProblem(get("/peers/p-ws/log?limit=0"), 400, "invalid-parameter");
      assertProblem(get("/peers/p-ws/log?limit=x"), 400, "invalid-parameter");
      assertProblem(get("/peers/p-ws/diff?from=123"), 400, "invalid-hash");
      assertProblem(get("/peers/p-ws/diff?to=" + "3".repeat(64)), 404, "commit-not-found");
      assertProblem(get("/peers/p-ws/working-set/extra"), 404, "not-found");
    });
    assertThat(json(get("/peers/p-ws/autocommit")).path("mode").asText()).isEqualTo("batch");
  }

  @Test
  void clusterSaysWhereEachActivePeerLives() {
    peer("p-where");
    JsonNode cluster = json(get("/cluster"));
    String self = cluster.path("self").asText();
    assertThat(self).startsWith("pekko://syncmesh@");
    assertThat(cluster.path("members").get(0).path("address").asText()).isEqualTo(self);
    assertThat(cluster.path("members").get(0).path("status").asText()).isEqualTo("Up");
    assertThat(cluster.path("peers").path("p-where").asText()).isEqualTo(self);
    assertThat(cluster.path("sessions").isArray()).isTrue();
  }

  /** Runs bad requests and checks the peer's head, working set and records did not move. */
  private static void unchanged(String peer, Runnable badRequests) {
    Supplier<String> snapshot =
        () -> get("/peers/" + peer).body() + get("/peers/" + peer + "/records?limit=1000").body()
            + get("/peers/" + peer + "/working-set").body();
    String before = snapshot.get();
    badRequests.run();
    assertThat(snapshot.get()).isEqualTo(before);
  }

  @Test
  void diffAndWorkingSetPageByKeyWithNext() {
    peer("p-pages");
    put("/peers/p-pages/autocommit", "{\"mode\":\"batch\"}");
    for (int i = 0; i < 5; i++) {
      put("/peers/p-pages/records/c/" + i, "{\"i\":" + i + "}");
    }
    for (String path : List.of("/peers/p-pages/working-set", "/peers/p-pages/diff")) {
      if (path.endsWith("diff")) {
        post("/peers/p-pages/commit", "{}");
      }
      List<String> keys = new ArrayList<>();
      String after = null;
      int pages = 0;
      do {
        JsonNode page = json(get(path + "?limit=2" + (after == null ? "" : "&after=" + after)));
        assertThat(page.path("size").asInt()).as("size counts every change").isEqualTo(5);
        assertThat(page.path("changes").size()).isBetween(1, 2);
        page.path("changes").forEach(change -> keys.add(change.path("key").asText()));
        after = page.path("next").isNull() ? null : page.path("next").asText();
        pages++;
      } while (after != null);
      assertThat(keys).as(path).containsExactly("c/0", "c/1", "c/2", "c/3", "c/4");
      assertThat(pages).isEqualTo(3);
      assertThat(json(get(path)).path("next").isNull()).isTrue();
      assertProblem(get(path + "?limit=1001"), 400, "invalid-parameter");
    }
  }

  private static void peer(String name) {
    assertThat(post("/peers", "{\"name\":\"" + name + "\"}").statusCode()).isEqualTo(201);
  }

  static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.path("type").asText()).as(response.body()).isEqualTo(type);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).isNotBlank();
  }

  private static URI uri(String path) {
    return URI.create(api + path);
  }

  private static JsonNode json(HttpResponse<String> response) {
    return TestNodes.json(response);
  }

  private static HttpResponse<String> get(String path) {
    return TestNodes.get(uri(path));
  }

  private static HttpResponse<String> post(String path, String body) {
    return TestNodes.postJson(uri(path), body);
  }

  private static HttpResponse<String> put(String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  private static HttpResponse<String> delete(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).DELETE();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    return TestNodes.send(request);
  }
}
