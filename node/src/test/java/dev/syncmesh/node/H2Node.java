package dev.syncmesh.node;

import dev.syncmesh.testing.MeshApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real node on H2 in a fresh folder for a test class, and a client of its API: {@code
 * @RegisterExtension static final H2Node NODE = new H2Node();}. Started before the class's first
 * test, closed (and its folder deleted) after the last.
 */
public final class H2Node implements BeforeAllCallback, AfterAllCallback {
  private final MeshApi api = new MeshApi(() -> node().httpBaseUri());
  private final Map<String, Object> settings;
  private Path folder;
  private com.typesafe.config.Config config;
  private SyncMeshNode node;

  public H2Node() {
    this(Map.of());
  }

  /** A node with these settings over the test defaults ({@code syncmesh.gc.grace}, say). */
  public H2Node(Map<String, Object> settings) {
    this.settings = Map.copyOf(settings);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    folder = Files.createTempDirectory("syncmesh-test-");
    Map<String, Object> all = TestNodes.ports();
    all.put("syncmesh.data", folder.toString());
    all.putAll(settings);
    config = NodeConfig.load(all);
    node = SyncMeshNode.start(config);
  }

  /** Stops the node and starts it again on the same folder and ports (its caches start empty). */
  public void restart() {
    node.close();
    node = SyncMeshNode.start(config);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (node != null) {
      node.close();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  public SyncMeshNode node() {
    if (node == null) {
      throw new IllegalStateException("the node starts before the class's first test");
    }
    return node;
  }

  /** The node's API; usable as a static field's value, calls need the node started. */
  public MeshApi api() {
    return api;
  }
}
