package dev.syncmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.http.RecordingClient.Answer;
import dev.syncmesh.http.RouteProbe.Heard;
import dev.syncmesh.node.H2Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document ({@code node/src/main/resources/openapi/syncmesh-openapi.json}, served at
 * {@code GET /api/openapi.json}) against a real node, both ways.
 *
 * <p>Routes: Pekko's route tree is a function and cannot be listed, and a second list of the
 * routes kept beside it would drift from it just as a document does. So the server itself is
 * asked ({@link RouteProbe}): a method no route uses is refused with 405 and {@code Allow} naming
 * every method served at a path, 404 where nothing is. Every path made of a documented prefix and
 * one more segment (each word the route classes' path matchers use, read from their source, and
 * a plain value) is probed, so a route the document lacks is found wherever it hangs, and every
 * documented path must answer with exactly its documented methods.
 *
 * <p>Statuses and shapes: {@link ApiTour} drives the node through each route's answers and
 * refusals (the node needs the API token and accepts a federation token, so 401 and 403 are
 * reachable); each answer's status and media type must be documented for its operation, and its
 * body must validate against the document's schema for it (networknt's validator, JSON Schema
 * 2020-12, with {@code $ref}s into {@code #/components/schemas}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
  private static final String API_TOKEN = "openapi-test-api-token";
  private static final String FEDERATION_TOKEN = "openapi-test-federation-token";
  private static final int MAX_BODY_BYTES = 64 << 10;

  @RegisterExtension
  static final H2Node NODE =
      new H2Node(
          Map.of(
              "syncmesh.api-token", API_TOKEN,
              "syncmesh.tokens", "tour=" + FEDERATION_TOKEN,
              "syncmesh.http.max-body-size", Integer.toString(MAX_BODY_BYTES)));

  private final OpenApiDocument document = new OpenApiDocument();
  private List<Answer> answers;

  @BeforeAll
  void tour() {
    RecordingClient client = client();
    new ApiTour(client, "tour").run(MAX_BODY_BYTES);
    answers = client.answers();
  }

  @Test
  void theServedDocumentIsTheResourceAndAnOpenApi31Document() {
    Answer served = client().json("GET", "/api/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.mediaType()).isEqualTo("application/json");
    assertThat(served.text()).isEqualTo(document.text());
    JsonNode root = served.json();
    assertThat(root.path("openapi").asText()).matches("3\\.1\\.\\d+");
    assertThat(root.path("jsonSchemaDialect").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(document.validate("/components/schemas/OpenApiDocument", root)).isEmpty();
    List<String> broken = new ArrayList<>();
    references(root, broken);
    assertThat(broken).as("$refs that point at nothing").isEmpty();
    Answer anonymous = client().json("GET", "/api/openapi.json", null, "Authorization", "");
    assertThat(anonymous.status()).as("behind the API token like all of /api").isEqualTo(401);
  }

  @Test
  void everyRouteTheServerHasIsDocumentedWithItsMethodsAndBack() {
    Set<String> templates = new TreeSet<>();
    document.root().path("paths").fieldNames().forEachRemaining(templates::add);
    Set<String> words = new TreeSet<>();
    templates.forEach(t -> words.addAll(List.of(t.replaceAll("\\{[^}/]+}", "").split("/"))));
    words.remove("");
    assertThat(RouteProbe.sourceWords()).contains("peers", "records", "merge-rules", "v1", "openapi.json");

    List<Heard> heard = new RouteProbe(client()).probe(templates, words);
    List<String> undocumented = new ArrayList<>();
    Map<String, Set<String>> served = new TreeMap<>();
    for (Heard path : heard) {
      Optional<String> template = document.templateOf(path.path());
      if (path.badName()) {
        continue;
      }
      if (template.isEmpty()) {
        undocumented.add(path.toString());
      } else if (path.status() == 405) {
        served.computeIfAbsent(template.get(), t -> new TreeSet<>()).addAll(path.allowed());
      } else {
        undocumented.add(path + " answers PATCH");
      }
    }
    assertThat(undocumented).as("paths the server answers that the document lacks").isEmpty();
    Map<String, Set<String>> documented = new TreeMap<>();
    templates.forEach(t -> documented.put(t, document.methods(t)));
    assertThat(served).as("methods served per path (Allow of a 405)").isEqualTo(documented);
  }

  @Test
  void everyStatusAnsweredIsDocumentedForItsOperation() {
    List<String> missing = new ArrayList<>();
    for (Answer answer : answers) {
      Optional<String> template = document.templateOf(pathOf(answer));
      if (template.isEmpty()) {
        missing.add("no path: " + answer);
        continue;
      }
      if (!document.statuses(answer.method(), template.get()).contains(Integer.toString(answer.status()))) {
        missing.add("status not documented: " + answer);
        continue;
      }
      Set<String> types = document.mediaTypes(answer.method(), template.get(), answer.status());
      boolean ok = types.isEmpty() ? answer.body().length == 0 : types.contains(answer.mediaType());
      if (!ok) {
        missing.add("media type not documented (" + types + "): " + answer);
      }
    }
    assertThat(missing).isEmpty();
    assertThat(answers.stream().map(a -> a.status()).distinct())
        .contains(200, 201, 202, 204, 400, 401, 403, 404, 406, 409, 412, 413, 415, 422);
  }

  @Test
  void everyAnswerValidatesAgainstItsSchema() {
    List<String> invalid = new ArrayList<>();
    int validated = 0;
    for (Answer answer : answers) {
      String template = document.templateOf(pathOf(answer)).orElseThrow();
      for (JsonNode body : bodies(answer)) {
        String pointer = pointerFor(answer, template);
        List<String> errors =
            pointer == null
                ? document.validate(answer.method(), template, answer.status(), answer.mediaType(), body)
                : document.validate(pointer, body);
        errors.forEach(error -> invalid.add(answer + ": " + error));
        validated++;
      }
    }
    assertThat(invalid).isEmpty();
    assertThat(document.validate("/components/schemas/PeerInfo", RecordingClient.Answer.parse("{\"name\":1}")))
        .as("the validator refuses what the schema does not allow")
        .hasSizeGreaterThan(1);
    assertThat(validated).isGreaterThan(answers.size() / 2);
  }

  @Test
  void everyOperationIsDrivenToASuccess() {
    Set<String> succeeded = new TreeSet<>();
    for (Answer answer : answers) {
      if (answer.status() < 300) {
        succeeded.add(answer.method() + " " + document.templateOf(pathOf(answer)).orElseThrow());
      }
    }
    assertThat(succeeded).isEqualTo(document.operations());
  }

  /** The schema of a body that is not the answer's own schema: a line or an event of a stream. */
  private static String pointerFor(Answer answer, String template) {
    return switch (answer.mediaType()) {
      case "application/x-ndjson" -> "/components/schemas/ExportLine";
      case "text/event-stream" -> "/components/schemas/FeedCommit";
      default -> null;
    };
  }

  /** The JSON values of an answer to validate: its body, its lines or its events' data. */
  private static List<JsonNode> bodies(Answer answer) {
    List<JsonNode> bodies = new ArrayList<>();
    switch (answer.mediaType()) {
      case "application/json", "application/problem+json" -> bodies.add(answer.json());
      case "application/x-ndjson" -> answer.text().lines().filter(l -> !l.isBlank())
          .forEach(line -> bodies.add(RecordingClient.Answer.parse(line)));
      case "text/event-stream" -> answer.text().lines().filter(l -> l.startsWith("data:") && l.length() > 5)
          .forEach(line -> bodies.add(RecordingClient.Answer.parse(line.substring(5).trim())));
      default -> { } // a pack, or no body
    }
    return bodies;
  }

  private static String pathOf(Answer answer) {
    int query = answer.path().indexOf('?');
    return query < 0 ? answer.path() : answer.path().substring(0, query);
  }

  private void references(JsonNode node, List<String> broken) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual() && document.root().at(ref.asText().substring(1)).isMissingNode()) {
        broken.add(ref.asText());
      }
      node.elements().forEachRemaining(child -> references(child, broken));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> references(child, broken));
    }
  }

  private static RecordingClient client() {
    return new RecordingClient(() -> NODE.node().httpBaseUri(), API_TOKEN, FEDERATION_TOKEN);
  }
}
