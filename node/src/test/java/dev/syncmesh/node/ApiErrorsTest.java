package dev.syncmesh.node;

import static dev.syncmesh.node.TestNodes.get;
import static dev.syncmesh.node.TestNodes.json;
import static dev.syncmesh.node.TestNodes.postJson;
import static dev.syncmesh.node.TestNodes.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API's plumbing on a real node: the bearer token and problem+json for every failure. */
class ApiErrorsTest {
  private static final String TOKEN = "test-token-" + UUID.randomUUID();
  private static final String AUTH = "Bearer " + TOKEN;
  private static SyncMeshNode node;

  @BeforeAll
  static void start() {
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.api-token", TOKEN);
    settings.put(
        "syncmesh.db.url",
        "jdbc:h2:mem:api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false");
    node = SyncMeshNode.start(NodeConfig.load(settings), List.of(new TestFeature()));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static URI api(String path) {
    return node.httpBaseUri().resolve("/api/" + path);
  }

  private static JsonNode problem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.path("type").asText()).isEqualTo(type);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }

  @Test
  void apiCallsWithoutTheTokenAreUnauthorized() {
    HttpResponse<String> response = get(api("counters/a"));
    problem(response, 401, "unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    problem(get(api("counters/a"), "Authorization", "Bearer wrong"), 401, "unauthorized");
    problem(get(api("counters/a"), "Authorization", "Basic " + TOKEN), 401, "unauthorized");
    problem(get(api("no-such-route")), 401, "unauthorized");
  }

  @Test
  void apiCallsWithTheTokenPass() {
    HttpResponse<String> response = get(api("counters/a"), "Authorization", AUTH);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(response).path("value").asInt()).isZero();
    assertThat(get(api("counters/a"), "Authorization", "bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownRoutesAreNotFound() {
    problem(get(api("no-such-route"), "Authorization", AUTH), 404, "not-found");
    problem(get(node.httpBaseUri().resolve("/elsewhere")), 404, "not-found");
  }

  @Test
  void wrongMethodsAreNotAllowed() {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(api("counters/a")).DELETE().header("Authorization", AUTH));
    problem(response, 405, "method-not-allowed");
    assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).contains("GET", "POST"));
  }

  @Test
  void malformedBodiesAreBadRequests() {
    problem(postJson(api("counters/a"), "{\"amount\":", "Authorization", AUTH), 400, "invalid-json");
    problem(postJson(api("counters/a"), "{\"amount\":1,\"extra\":2}", "Authorization", AUTH), 400, "invalid-json");
    problem(postJson(api("echo"), "{\"a\":1,\"a\":2}", "Authorization", AUTH), 400, "invalid-json");
  }

  @Test
  void otherMediaTypesAreUnsupported() {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(api("counters/a"))
                .header("Authorization", AUTH)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1}")));
    problem(response, 415, "unsupported-media-type");
  }

  @Test
  void oneMebibyteRecordsFitButLargerBodiesAreRefused() {
    String mebibyte = "{\"data\":\"" + "x".repeat(1 << 20) + "\"}";
    HttpResponse<String> fits = postJson(api("echo"), mebibyte, "Authorization", AUTH);
    assertThat(fits.statusCode()).isEqualTo(200);
    assertThat(json(fits).path("fields").asInt()).isEqualTo(1);

    String tooLarge = "{\"data\":\"" + "x".repeat(9 << 20) + "\"}";
    problem(postJson(api("echo"), tooLarge, "Authorization", AUTH), 413, "payload-too-large");
  }

  @Test
  void unexpectedErrorsAreInternalErrorsWithoutDetails() {
    JsonNode problem = problem(get(api("boom"), "Authorization", AUTH), 500, "internal-error");
    assertThat(problem.toString()).doesNotContain("internal detail", "IllegalStateException");
  }

  @Test
  void timeoutsAreServiceUnavailable() {
    problem(get(api("ask-timeout"), "Authorization", AUTH), 503, "timeout");
    problem(get(api("slow"), "Authorization", AUTH), 503, "timeout");
  }
}
