package dev.syncmesh.ops.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.ops.harness.MeshHarness;
import dev.syncmesh.ops.harness.MeshNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: ops/target/syncmesh-&lt;version&gt;.tar.gz unpacked into a
 * folder of its own, run with a PATH that holds a JRE's {@code java}, bash and the few tools its
 * launcher uses, and nothing else (no Maven, no source tree, no JAVA_HOME): a node from it, and
 * the client from it against that node. Runs after {@code package} (failsafe, {@code mvn verify}).
 */
class DistributionIT {
  /** What bin/syncmesh runs besides java: bash builtins aside, these and nothing else. */
  private static final List<String> TOOLS =
      List.of("bash", "readlink", "mkdir", "mv", "rm");

  @TempDir static Path folder;
  static Path home;
  static Path path;

  @BeforeAll
  static void unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("syncmesh.distribution"));
    assertThat(tarball).as("built by mvn package").isRegularFile();
    run(List.of("tar", "-xzf", tarball.toString(), "-C", folder.toString()), Map.of(), 60);
    try (Stream<Path> unpacked = Files.list(folder)) {
      home = unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    path = Files.createDirectories(folder.resolve("tools"));
    Files.createSymbolicLink(path.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String tool : TOOLS) {
      Files.createSymbolicLink(path.resolve(tool), which(tool));
    }
  }

  @Test
  void holdsTheLauncherItsLibrariesAndTheReadme() throws Exception {
    String base = home.getFileName().toString();
    assertThat(base).matches("syncmesh-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(home.resolve("bin/syncmesh")).isExecutable();
    List<String> entries =
        run(List.of("tar", "-tzf", System.getProperty("syncmesh.distribution")), Map.of(), 60).lines().toList();
    assertThat(entries)
        .allMatch(entry -> entry.startsWith(base + "/"))
        .contains(base + "/bin/syncmesh", base + "/README.md")
        .anyMatch(entry -> entry.matches(".*/lib/syncmesh-ops-.*\\.jar"))
        .anyMatch(entry -> entry.matches(".*/lib/syncmesh-node-.*\\.jar"))
        .anyMatch(entry -> entry.matches(".*/lib/pekko-actor_.*\\.jar"))
        // an archive is tied to the folder it was made for: the tarball carries none
        .noneMatch(entry -> entry.endsWith(".jsa"));
  }

  @Test
  void runsANodeAndTheClientWithOnlyAJre() throws Exception {
    Path launcher = home.resolve("bin/syncmesh");
    try (MeshHarness mesh =
        MeshHarness.builder()
            .nodes(1)
            .embedded()
            .launcher(launcher)
            .env("PATH", path.toString())
            .env("HOME", folder.toString())
            .logFolder(folder.resolve("logs"))
            .start()) {
      mesh.awaitUp(Duration.ofSeconds(120));
      MeshNode node = mesh.node(0);
      Map<String, String> env = Map.of("SYNCMESH_URL", node.baseUri().toString());

      // The first client call writes the class-data-sharing archive for this folder.
      assertThat(client(env, "peer", "create", "tracker")).startsWith("created peer tracker");
      assertThat(home.resolve("lib").toFile().list()).contains("client.jsa", "client.jsa.home");

      assertThat(client(env, "put", "tracker", "issues/i-1", "{\"title\":\"Crash\"}")).startsWith("created issues/i-1");
      assertThat(client(env, "get", "tracker", "issues/i-1", "--json")).contains("\"title\":\"Crash\"");
      assertThat(client(env, "peer", "list")).contains("tracker");
      // The node's own variables point the client at it, as inside a node's container.
      Map<String, String> inside = Map.of("SYNCMESH_HOST", node.host(), "SYNCMESH_HTTP_PORT", Integer.toString(node.httpPort()));
      assertThat(client(inside, "peer", "list")).contains("tracker");
      // Help lists the benchmarks, which run on the node's whole classpath.
      assertThat(client(env, "--help")).contains("bench", "node", "Exit codes:");
      assertThat(client(env, "bench", "--help")).contains("merge", "writes", "cli");
    }
  }

  /** Runs {@code bin/syncmesh args} in a folder outside any checkout; its output, or fails. */
  private static String client(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/syncmesh").toString());
    command.addAll(List.of(args));
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("PATH", path.toString());
    all.put("HOME", folder.toString());
    return run(command, all, 60);
  }

  private static String run(List<String> command, Map<String, String> env, int seconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("SYNCMESH_") || name.equals("JAVA_HOME"));
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end within " + seconds + " s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(String.join(" ", command) + " printed:\n" + output).isZero();
    return output;
  }

  private static Path which(String tool) throws IOException {
    for (String dir : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate.toRealPath();
      }
    }
    throw new IOException(tool + " is not on the PATH");
  }
}
