package dev.syncmesh.ops.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as Compose reads it, with {@code ${NAME:-default}} interpolated to its default
 * (the environment of the test does not count) and {@code $$} to {@code $}.
 */
final class ComposeFile {
  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?]([^}]*))?}");

  private final JsonNode root;

  private ComposeFile(JsonNode root) {
    this.root = root;
  }

  static ComposeFile read(Path file) {
    try {
      return new ComposeFile(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder holding docker-compose.yml: the repository root, above the test's module. */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("node"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
  }

  JsonNode root() {
    return root;
  }

  JsonNode service(String name) {
    return root.path("services").path(name);
  }

  List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A service's environment, interpolated; both the map and the list form. */
  Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = service(service).path("environment");
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> env.put(e.getKey(), interpolate(e.getValue().asText())));
    } else {
      for (JsonNode entry : node) {
        String text = entry.asText();
        int equals = text.indexOf('=');
        env.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : interpolate(text.substring(equals + 1)));
      }
    }
    return env;
  }

  /** Published ports as container port to host port ({@code "8081:8080"}, long syntax too). */
  Map<Integer, Integer> publishedPorts(String service) {
    Map<Integer, Integer> ports = new LinkedHashMap<>();
    for (JsonNode entry : service(service).path("ports")) {
      if (entry.isObject()) {
        ports.put(entry.path("target").asInt(), entry.path("published").asInt());
        continue;
      }
      String[] parts = interpolate(entry.asText()).replaceAll("/(tcp|udp)$", "").split(":");
      if (parts.length < 2) {
        throw new IllegalArgumentException(service + " publishes " + entry + " on a random host port");
      }
      ports.put(Integer.parseInt(parts[parts.length - 1]), Integer.parseInt(parts[parts.length - 2]));
    }
    return ports;
  }

  /** The health check's command as one line. */
  String healthCheck(String service) {
    JsonNode test = service(service).path("healthcheck").path("test");
    if (test.isTextual()) {
      return interpolate(test.asText());
    }
    List<String> words = new ArrayList<>();
    test.forEach(word -> words.add(interpolate(word.asText())));
    return String.join(" ", words);
  }

  static String interpolate(String value) {
    Matcher m = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = m.group().equals("$$") ? "$" : m.group(2) == null ? "" : m.group(2);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
