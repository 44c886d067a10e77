package dev.syncmesh.ops.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a node reads, collected from its sources: every {@code ${?NAME}} in
 * the node's .conf files, and every {@code "SYNCMESH_..."} literal in a Java file that calls
 * {@code getenv} (a literal ending in {@code _}, such as {@code SYNCMESH_CREDENTIAL_}, is a prefix).
 */
record NodeVariables(Set<String> names, Set<String> prefixes) {
  private static final Pattern CONF = Pattern.compile("\\$\\{\\?([A-Za-z0-9_]+)}");
  private static final Pattern LITERAL = Pattern.compile("\"(SYNCMESH_[A-Z0-9_]*)\"");

  static NodeVariables read(Path nodeModule) {
    Set<String> names = new TreeSet<>();
    Set<String> prefixes = new TreeSet<>();
    for (Path conf : files(nodeModule.resolve("src/main/resources"), ".conf")) {
      Matcher m = CONF.matcher(text(conf));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    for (Path java : files(nodeModule.resolve("src/main/java"), ".java")) {
      String source = text(java);
      if (!source.contains("getenv")) {
        continue;
      }
      Matcher m = LITERAL.matcher(source);
      while (m.find()) {
        (m.group(1).endsWith("_") ? prefixes : names).add(m.group(1));
      }
    }
    return new NodeVariables(names, prefixes);
  }

  boolean reads(String name) {
    return names.contains(name) || prefixes.stream().anyMatch(p -> name.startsWith(p) && name.length() > p.length());
  }

  private static Set<Path> files(Path folder, String suffix) {
    try (Stream<Path> paths = Files.walk(folder)) {
      return paths.filter(p -> p.toString().endsWith(suffix)).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
