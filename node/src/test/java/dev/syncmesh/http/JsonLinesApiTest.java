package dev.syncmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.node.H2Node;
import dev.syncmesh.testing.ExternalData;
import dev.syncmesh.testing.MeshApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON lines in and out on a real issue tracker's own files ({@code beads/}, 177 to 704 issues
 * with varying fields and key orders): import by id field, export, import the export into a
 * second peer, equal trees; with keys too; bad lines refused with their numbers and nothing
 * committed, or skipped and counted; imports split into commits of bounded size.
 */
class JsonLinesApiTest {
  @RegisterExtension static final H2Node NODE = new H2Node();
  private static final MeshApi api = NODE.api();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @ParameterizedTest
  @ValueSource(strings = {"issues.v1.jsonl", "issues.v2.jsonl", "issues.v3.jsonl"})
  void anImportExportedAndImportedAgainGivesTheSameTree(String file) throws Exception {
    Path source = ExternalData.require("beads").resolve(file);
    long issues = Files.readAllLines(source).stream().filter(l -> !l.isBlank()).count();
    String name = file.replace(".jsonl", "").replace(".", "-");
    api.createPeer(name + "-a");
    JsonNode imported = importFile(name + "-a", Files.readAllBytes(source), "collection=issues&idField=id&message=beads");
    assertThat(imported.path("records").asLong()).isEqualTo(issues);
    assertThat(imported.path("skipped").asLong()).isZero();
    assertThat(imported.path("commits").size()).isEqualTo(1);
    assertThat(api.get("/peers/" + name + "-a").path("records").asLong()).isEqualTo(issues);
    assertThat(api.get("/peers/" + name + "-a/log?limit=1").path("commits").get(0).path("message").asText())
        .isEqualTo("beads");

    String bare = export(name + "-a", "collection=issues&idField=id");
    assertThat(bare.lines().count()).isEqualTo(issues);
    api.createPeer(name + "-b");
    importFile(name + "-b", bare.getBytes(StandardCharsets.UTF_8), "collection=issues&idField=id");
    assertThat(tree(name + "-b")).isEqualTo(tree(name + "-a"));

    String keyed = export(name + "-a", "");
    assertThat(keyed.lines().findFirst().orElseThrow()).startsWith("{\"key\":\"issues/");
    api.createPeer(name + "-c");
    importFile(name + "-c", keyed.getBytes(StandardCharsets.UTF_8), "");
    assertThat(tree(name + "-c")).isEqualTo(tree(name + "-a"));
    assertThat(export(name + "-c", "collection=issues&idField=id")).isEqualTo(bare);
  }

  @Test
  void badLinesRefuseTheImportWithTheirNumbersOrAreSkippedAndCounted() throws Exception {
    api.createPeer("jl-bad");
    String head = api.head("jl-bad");
    String lines =
        "{\"id\":\"a-1\",\"title\":\"one\"}\n"
            + "not json\n"
            + "\n"
            + "{\"title\":\"no id\"}\n"
            + "{\"id\":\"a-1\",\"title\":\"again\"}\n"
            + "{\"id\":\"a-2\",\"title\":\"two\"}\n";
    HttpResponse<String> refused = post("jl-bad", lines.getBytes(StandardCharsets.UTF_8), "collection=issues&idField=id");
    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode problem = MeshApi.parse(refused.body());
    assertThat(problem.path("type").asText()).isEqualTo("invalid-import");
    assertThat(problem.path("detail").asText())
        .contains("3 bad line(s), nothing imported")
        .contains("line 2: not JSON")
        .contains("line 4: no string \"id\"")
        .contains("line 5: key issues/a-1 is on line 1 too");
    assertThat(api.head("jl-bad")).isEqualTo(head);

    JsonNode skipped = importFile("jl-bad", lines.getBytes(StandardCharsets.UTF_8), "collection=issues&idField=id&skipBad=true");
    assertThat(skipped.path("records").asLong()).isEqualTo(2);
    assertThat(skipped.path("skipped").asLong()).isEqualTo(3);
    assertThat(skipped.path("bad").get(0).path("line").asLong()).isEqualTo(2);
    assertThat(api.record("jl-bad", "issues/a-1")).isEqualTo("{\"id\":\"a-1\",\"title\":\"one\"}");

    assertThat(post("jl-bad", "{}".getBytes(StandardCharsets.UTF_8), "idField=id").statusCode()).isEqualTo(400);
    assertThat(post("jl-nobody", lines.getBytes(StandardCharsets.UTF_8), "collection=issues&idField=id").statusCode())
        .isEqualTo(404);
  }

  @Test
  void anImportCommitsInPartsOfAtMostCommitEveryRecordsInFileOrder() throws Exception {
    api.createPeer("jl-parts");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 2_500; i++) {
      lines.append("{\"key\":\"items/i-").append(i).append("\",\"value\":{\"n\":").append(i).append("}}\n");
    }
    JsonNode parts = importFile("jl-parts", lines.toString().getBytes(StandardCharsets.UTF_8), "commitEvery=1000&message=bulk");
    assertThat(parts.path("records").asLong()).isEqualTo(2_500);
    assertThat(parts.path("commits").size()).isEqualTo(3);
    List<String> messages =
        api.get("/peers/jl-parts/log?limit=3").path("commits").findValuesAsText("message");
    assertThat(messages).containsExactly("bulk (3 of 3)", "bulk (2 of 3)", "bulk (1 of 3)");
    assertThat(api.get("/peers/jl-parts").path("records").asLong()).isEqualTo(2_500);
    assertThat(api.record("jl-parts", "items/i-2499")).isEqualTo("{\"n\":2499}");
  }

  private static String tree(String peer) {
    return api.get("/peers/" + peer + "/log?limit=1").path("commits").get(0).path("tree").asText();
  }

  private static JsonNode importFile(String peer, byte[] body, String query) throws Exception {
    HttpResponse<String> reply = post(peer, body, query);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return MeshApi.parse(reply.body());
  }

  private static HttpResponse<String> post(String peer, byte[] body, String query)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri("/peers/" + peer + "/import?" + query))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String export(String peer, String query) throws Exception {
    HttpResponse<String> reply =
        HTTP.send(
            HttpRequest.newBuilder(uri("/peers/" + peer + "/export?" + query)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
    return reply.body();
  }

  private static URI uri(String path) {
    return URI.create(NODE.node().httpBaseUri() + "/api" + path);
  }
}
