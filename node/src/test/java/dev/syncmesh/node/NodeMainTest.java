package dev.syncmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `syncmesh node` with bad configuration: a real process that exits at once with one clear line. */
class NodeMainTest {
  @TempDir Path data;

  private record Exit(int code, String stderr) {}

  private Exit run(Map<String, String> environment) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            NodeMain.class.getName());
    builder.environment().keySet().removeIf(name -> name.startsWith("SYNCMESH_"));
    builder.environment().put("SYNCMESH_DATA", data.toString());
    int[] ports = TestNodes.freePorts(3);
    builder.environment().put("SYNCMESH_HTTP_PORT", Integer.toString(ports[0]));
    builder.environment().put("SYNCMESH_MANAGEMENT_PORT", Integer.toString(ports[1]));
    builder.environment().put("SYNCMESH_REMOTING_PORT", Integer.toString(ports[2]));
    builder.environment().putAll(environment);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("the node exits by itself").isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Exit(process.exitValue(), stderr.strip());
  }

  private static void assertOneLine(Exit exit, String... mentions) {
    assertThat(exit.code()).isEqualTo(NodeMain.EXIT_CANNOT_START);
    assertThat(exit.stderr()).doesNotContain("\n").startsWith("syncmesh node: ").contains(mentions);
  }

  @Test
  void aPortThatIsNotANumber() throws Exception {
    assertOneLine(run(Map.of("SYNCMESH_HTTP_PORT", "abc")), "SYNCMESH_HTTP_PORT", "'abc'");
  }

  @Test
  void anUnsupportedDatabase() throws Exception {
    assertOneLine(
        run(Map.of("SYNCMESH_DB_URL", "jdbc:postgresql://db:5432/syncmesh")), "SYNCMESH_DB_URL");
  }

  @Test
  void aPortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertOneLine(
          run(Map.of("SYNCMESH_HTTP_PORT", Integer.toString(port))),
          "port " + port + " (SYNCMESH_HTTP_PORT)",
          "in use");
    }
  }
}
