package dev.syncmesh.ops.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.ops.harness.MeshHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart, line by line as it is written there, with the built distribution's
 * bin/syncmesh for {@code ops/bin/syncmesh}: its node line is this test's node (a process of that
 * distribution), every other line runs in bash and must exit as its comment says ({@code exit N},
 * else 0) and print the JSON its comment shows, if any.
 */
class QuickstartIT {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern EXIT = Pattern.compile("\\bexit (\\d+)\\b");

  @TempDir Path folder;

  @Test
  void everyLineOfTheQuickstartDoesWhatItSays() throws Exception {
    List<String> lines = quickstart();
    assertThat(lines).hasSizeGreaterThan(10);
    assertThat(lines.get(0)).startsWith("ops/bin/syncmesh node ");
    assertThat(lines.get(lines.size() - 1)).startsWith("kill %1");
    Path launcher = Path.of(System.getProperty("syncmesh.home"), "bin", "syncmesh");
    try (MeshHarness mesh =
        MeshHarness.builder().nodes(1).embedded().launcher(launcher).logFolder(folder.resolve("logs")).start()) {
      mesh.awaitUp(Duration.ofSeconds(120));
      String url = mesh.node(0).baseUri().toString();
      for (String line : lines.subList(1, lines.size() - 1)) {
        String command = line.replaceFirst("\\s+#\\s.*$", "");
        String comment = line.length() > command.length() ? line.substring(command.length()).replaceFirst("^\\s+#\\s*", "") : "";
        Matcher exit = EXIT.matcher(comment);
        int expected = exit.find() ? Integer.parseInt(exit.group(1)) : 0;
        String output = bash(command.replaceFirst("^ops/bin/syncmesh ", launcher + " "), url, expected, line);
        if (comment.startsWith("{")) {
          assertThat(output).as(line).contains(comment);
        }
      }
    }
  }

  /** The lines of the first sh block under "## Quickstart". */
  private static List<String> quickstart() throws Exception {
    String text = Files.readString(README, StandardCharsets.UTF_8);
    int section = text.indexOf("\n## Quickstart\n");
    assertThat(section).as("README.md has a Quickstart").isPositive();
    int start = text.indexOf("```sh\n", section) + "```sh\n".length();
    int end = text.indexOf("\n```", start);
    List<String> lines = new ArrayList<>();
    for (String line : text.substring(start, end).split("\n")) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  private String bash(String command, String url, int expected, String line) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(folder.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("SYNCMESH_"));
    builder.environment().put("SYNCMESH_URL", url);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(line).isTrue();
    assertThat(process.exitValue()).as(line + "\nprinted:\n" + output).isEqualTo(expected);
    return output;
  }
}
