package dev.syncmesh.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document of the node (the resource {@link OpenApiRoutes#RESOURCE}), read for tests:
 * its operations as {@code "METHOD /path/{template}"}, the statuses each documents, and the schema
 * of each answer, validated with the networknt validator (JSON Schema 2020-12). The validator
 * holds the whole document under one URI, so a schema is addressed by its JSON pointer in it and
 * the document's own {@code $ref}s into {@code #/components/schemas} resolve as they are.
 */
final class OpenApiDocument {
  static final String URI = "https://syncmesh.dev/openapi/syncmesh-openapi.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private final String text;
  private final JsonNode root;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  OpenApiDocument() {
    this.text = new String(OpenApiRoutes.load(), StandardCharsets.UTF_8);
    try {
      this.root = MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(URI, text)));
  }

  String text() {
    return text;
  }

  JsonNode root() {
    return root;
  }

  /** Every operation, as {@code "GET /api/peers/{peer}"}. */
  Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    root.path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method)) {
                            operations.add(method.toUpperCase() + " " + path.getKey());
                          }
                        }));
    return operations;
  }

  /** The methods the document gives a path template, upper case. */
  Set<String> methods(String template) {
    Set<String> methods = new TreeSet<>();
    root.path("paths").path(template).fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase()));
    return methods;
  }

  /**
   * The template a concrete path is an instance of ({@code /api/peers/a/log} of {@code
   * /api/peers/{peer}/log}); of several, the one with the most fixed segments.
   */
  Optional<String> templateOf(String path) {
    List<String> matching = new ArrayList<>();
    root.path("paths")
        .fieldNames()
        .forEachRemaining(
            template -> {
              if (pattern(template).matcher(path).matches()) {
                matching.add(template);
              }
            });
    return matching.stream().max(Comparator.comparingLong(OpenApiDocument::fixedSegments));
  }

  /** The statuses documented for an operation. */
  Set<String> statuses(String method, String template) {
    Set<String> statuses = new TreeSet<>();
    operation(method, template).path("responses").fieldNames().forEachRemaining(statuses::add);
    return statuses;
  }

  /** The media types a documented answer may have; empty when it has no body. */
  Set<String> mediaTypes(String method, String template, int status) {
    Set<String> types = new TreeSet<>();
    response(method, template, status).path("content").fieldNames().forEachRemaining(types::add);
    return types;
  }

  /** What is wrong with a body against the schema of this answer; empty when it validates. */
  List<String> validate(String method, String template, int status, String mediaType, JsonNode body) {
    return validate(schemaPointer(method, template, status, mediaType), body);
  }

  /** What is wrong with a value against the schema at a pointer into the document. */
  List<String> validate(String pointer, JsonNode value) {
    Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(URI + "#" + p)));
    return schema.validate(value).stream().map(Error::toString).toList();
  }

  private String schemaPointer(String method, String template, int status, String mediaType) {
    JsonNode operation = operation(method, template);
    JsonNode response = operation.path("responses").path(Integer.toString(status));
    String base =
        response.has("$ref")
            ? response.get("$ref").asText().substring(1)
            : "/paths/" + escape(template) + "/" + method.toLowerCase() + "/responses/" + status;
    return base + "/content/" + escape(mediaType) + "/schema";
  }

  private JsonNode response(String method, String template, int status) {
    JsonNode response = operation(method, template).path("responses").path(Integer.toString(status));
    if (response.has("$ref")) {
      return root.at(response.get("$ref").asText().substring(1));
    }
    return response;
  }

  private JsonNode operation(String method, String template) {
    JsonNode operation = root.path("paths").path(template).path(method.toLowerCase());
    if (operation.isMissingNode()) {
      throw new IllegalArgumentException("the document has no " + method + " " + template);
    }
    return operation;
  }

  private static Pattern pattern(String template) {
    return Pattern.compile(template.replace(".", "\\.").replaceAll("\\{[^}/]+}", "[^/]+"));
  }

  private static long fixedSegments(String template) {
    return java.util.Arrays.stream(template.split("/")).filter(s -> !s.startsWith("{")).count();
  }

  /** A JSON pointer's escaping of one token. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
