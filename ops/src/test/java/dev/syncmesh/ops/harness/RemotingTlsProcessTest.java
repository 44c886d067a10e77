package dev.syncmesh.ops.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.NodeSettings;
import dev.syncmesh.node.NodeStartException;
import dev.syncmesh.node.RemotingTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remoting over TLS with mutual authentication, with real processes: two nodes with certificates
 * of the mesh's CA (made by {@code ops/bin/make-certs}) form a cluster, and processes without such
 * a certificate can neither join it nor get an answer to a message: one without TLS, one with a
 * CA of its own, and one that trusts the mesh's CA but holds a certificate of another. A process
 * with a certificate of the mesh does both (the probe works).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemotingTlsProcessTest {
  private static final String PASSWORD = "tls-test-password";
  private static final int ROGUE_SECONDS = 10;

  @TempDir static Path certs;
  private Path mesh;
  private Path rogue;

  @BeforeAll
  void makeCertificates() throws Exception {
    mesh = certs.resolve("mesh");
    rogue = certs.resolve("rogue");
    makeCerts(mesh, "node0", "node1", "friend");
    makeCerts(rogue, "rogue");
  }

  @Test
  void onlyProcessesWithACertificateOfTheMeshCanJoinOrBeAnswered() throws Exception {
    MeshHarness.Builder builder =
        MeshHarness.builder()
            .nodes(2)
            .env("SYNCMESH_REMOTING_TLS", "on")
            .env("SYNCMESH_REMOTING_TRUST_STORE", mesh.resolve("trust.p12").toString())
            .env("SYNCMESH_REMOTING_TLS_PASSWORD", PASSWORD);
    for (int i = 0; i < 2; i++) {
      builder.env(i, "SYNCMESH_REMOTING_KEY_STORE", mesh.resolve("node" + i + ".p12").toString());
    }
    try (MeshHarness cluster = builder.start()) {
      cluster.awaitUp(Duration.ofSeconds(120));
      Set<String> nodes = cluster.nodes().stream().map(MeshNode::address).collect(Collectors.toSet());
      MeshNode seed = cluster.node(0);
      assertThat(seed.logContains("without TLS")).isFalse();
      String seedAddress = seed.host() + ":" + seed.remotingPort();

      List<Process> rogues = new ArrayList<>();
      rogues.add(rogueMember(seedAddress, "tcp"));
      rogues.add(rogueMember(seedAddress, "tls", rogue.resolve("rogue.p12"), rogue.resolve("trust.p12")));
      rogues.add(rogueMember(seedAddress, "tls", rogue.resolve("rogue.p12"), mesh.resolve("trust.p12")));
      Thread.sleep(Duration.ofSeconds(ROGUE_SECONDS - 3).toMillis());
      assertThat(seed.management().members().orElseThrow().members().keySet())
          .as("members while the rogues try")
          .isEqualTo(nodes);
      for (Process process : rogues) {
        String output = outputOf(process);
        assertThat(output).as(process.info().commandLine().orElse("")).contains("done");
        assertThat(output).doesNotContain("joined", "answered");
      }

      String friend =
          outputOf(rogueMember(seedAddress, "tls", mesh.resolve("friend.p12"), mesh.resolve("trust.p12")));
      assertThat(friend).as("a process with the mesh's certificate").contains("joined answered");
      for (MeshNode node : cluster.nodes()) {
        assertThat(node.isRunning()).isTrue();
      }
    }
  }

  @Test
  void aNodeWhoseStoresDoNotOpenRefusesToStartNamingTheSetting() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("syncmesh.remoting.tls.enabled", "on");
    settings.put("syncmesh.remoting.tls.key-store", mesh.resolve("node0.p12").toString());
    settings.put("syncmesh.remoting.tls.trust-store", mesh.resolve("trust.p12").toString());
    settings.put("syncmesh.remoting.tls.password", "");
    assertThatThrownBy(() -> tls(settings))
        .isInstanceOf(NodeStartException.class)
        .hasMessageContaining("SYNCMESH_REMOTING_TLS_PASSWORD is not set");
    settings.put("syncmesh.remoting.tls.password", "not-the-password");
    assertThatThrownBy(() -> tls(settings).verify())
        .isInstanceOf(NodeStartException.class)
        .hasMessageContaining("SYNCMESH_REMOTING_KEY_STORE")
        .hasMessageNotContaining("not-the-password");
    settings.put("syncmesh.remoting.tls.password", PASSWORD);
    settings.put("syncmesh.remoting.tls.trust-store", certs.resolve("missing.p12").toString());
    assertThatThrownBy(() -> tls(settings).verify())
        .hasMessageContaining("SYNCMESH_REMOTING_TRUST_STORE");
    settings.put("syncmesh.remoting.tls.trust-store", mesh.resolve("trust.p12").toString());
    tls(settings).verify();
    assertThat(tls(settings).toString()).doesNotContain(PASSWORD);
  }

  private static RemotingTls tls(Map<String, Object> settings) {
    return NodeSettings.fromConfig(NodeConfig.load(settings)).remotingTls().orElseThrow();
  }

  private static void makeCerts(Path folder, String... nodes) throws Exception {
    List<String> command = new ArrayList<>(List.of(script().toString(), folder.toString()));
    command.addAll(List.of(nodes));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SYNCMESH_REMOTING_TLS_PASSWORD", PASSWORD);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  /** {@code ops/bin/make-certs}, from the module's folder or the project's. */
  private static Path script() {
    for (Path candidate : List.of(Path.of("bin/make-certs"), Path.of("ops/bin/make-certs"))) {
      if (Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new IllegalStateException("ops/bin/make-certs not found from " + Path.of("").toAbsolutePath());
  }

  private Process rogueMember(String seed, String transport, Path... stores) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                RogueMember.class.getName(),
                seed,
                Integer.toString(ROGUE_SECONDS),
                transport));
    for (Path store : stores) {
      command.add(store.toString());
    }
    if (stores.length > 0) {
      command.add(PASSWORD);
    }
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String outputOf(Process process) throws Exception {
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return output;
  }
}
