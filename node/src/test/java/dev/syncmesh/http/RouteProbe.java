package dev.syncmesh.http;

import dev.syncmesh.http.RecordingClient.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the routes a running node really serves, from the outside. Pekko's route tree is a
 * function and cannot be listed, but its method rejections can be heard: a request with a method
 * no route uses ({@code PATCH}) is answered 405 with {@code Allow} naming every method served at
 * that path, and 404 where no route matches. So the probe sends PATCH to every path made of a
 * known prefix and one more segment, the segments being every word that the route classes pass
 * to {@code path}, {@code pathPrefix}, {@code segment} or {@code slash} (read from their source,
 * so that a new word of a new route is tried without anyone listing it) and a plain value; a
 * word found in the source but in no documented path is tried two segments deep. The prefixes
 * are those of the document's paths, their variables filled with plain values.
 */
final class RouteProbe {
  private static final Path ROUTES = Path.of("src/main/java/dev/syncmesh/http");
  private static final Pattern PATH_WORD =
      Pattern.compile("(?:path|pathPrefix|segment|slash)\\(\\s*\"([^\"]+)\"");
  /** What fills a path variable; valid as a peer, collection, id, remote and session id. */
  private static final String VALUE = "probe-value";

  private final RecordingClient client;

  RouteProbe(RecordingClient client) {
    this.client = client;
  }

  /** The words of the route classes' paths, read from their source. */
  static Set<String> sourceWords() {
    Set<String> words = new TreeSet<>();
    try (Stream<Path> files = Files.list(ROUTES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher matcher = PATH_WORD.matcher(Files.readString(file));
        while (matcher.find()) {
          words.add(matcher.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the test runs in the node module's folder", e);
    }
    return words;
  }

  /** What a path answered PATCH with: the methods of {@code Allow} on a 405, else the status. */
  record Heard(String path, int status, Set<String> allowed, String problem) {
    /**
     * A word in the place of a name, refused before any method is looked at (say {@code
     * /federation/v1/peers/openapi.json}): no route, only a bad name.
     */
    boolean badName() {
      return status == 400 && (problem.equals("invalid-peer-name") || problem.equals("invalid-remote-name"));
    }
  }

  /**
   * Probes every known prefix with one more segment; answers what was heard wherever the answer
   * was not 404.
   */
  List<Heard> probe(Set<String> templates, Set<String> documentedWords) {
    Set<String> words = new TreeSet<>(sourceWords());
    words.addAll(documentedWords);
    words.add(VALUE);
    Set<String> prefixes = new LinkedHashSet<>();
    for (String template : templates) {
      String[] segments = concrete(template).split("/");
      StringBuilder prefix = new StringBuilder();
      prefixes.add("");
      for (int i = 1; i < segments.length; i++) {
        prefix.append('/').append(segments[i]);
        prefixes.add(prefix.toString());
      }
    }
    Set<String> paths = new LinkedHashSet<>(prefixes);
    for (String prefix : prefixes) {
      for (String word : words) {
        paths.add(prefix + "/" + word);
        if (!documentedWords.contains(word)) {
          for (String next : words) {
            paths.add(prefix + "/" + word + "/" + next);
          }
        }
      }
    }
    List<Heard> heard = new ArrayList<>();
    for (String path : paths) {
      if (path.isEmpty()) {
        continue;
      }
      Answer answer = client.send("PATCH", path, null, null);
      if (answer.status() != 404) {
        String problem = answer.mediaType().equals("application/problem+json") ? answer.json().path("type").asText() : "";
        heard.add(new Heard(path, answer.status(), allowed(answer), problem));
      }
    }
    return heard;
  }

  private static Set<String> allowed(Answer answer) {
    Set<String> methods = new TreeSet<>();
    answer.headers().allValues("Allow").stream()
        .flatMap(value -> Stream.of(value.split(",")))
        .map(String::trim)
        .forEach(methods::add);
    return methods;
  }

  /** The template with each variable a plain value. */
  static String concrete(String template) {
    return template.replaceAll("\\{[^}/]+}", VALUE);
  }
}
