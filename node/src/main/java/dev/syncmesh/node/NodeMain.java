package dev.syncmesh.node;

import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code syncmesh node}: runs one node until Ctrl-C or SIGTERM (which leave the cluster first, by
 * coordinated shutdown in a JVM shutdown hook). A node that cannot start prints one line naming
 * the cause and exits with {@link #EXIT_CANNOT_START}; a node the cluster downs exits with {@link
 * #EXIT_STOPPED}, so that a supervisor restarts it.
 */
public final class NodeMain {
  public static final int EXIT_STOPPED = 1;
  public static final int EXIT_CANNOT_START = 2;

  private static final Logger log = LoggerFactory.getLogger(NodeMain.class);

  private NodeMain() {}

  public static void main(String[] args) {
    int code = run();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a node until it stops; returns the process exit code. */
  public static int run() {
    return run(List.of());
  }

  /**
   * Runs a node with the production features plus {@code extra} (started after them): a test's
   * {@code main} uses this to run a real node process with a test-only feature.
   */
  public static int run(List<NodeFeature> extra) {
    List<NodeFeature> features = new ArrayList<>(NodeFeatures.standard());
    features.addAll(extra);
    SyncMeshNode node;
    try {
      node = SyncMeshNode.start(NodeConfig.load(), features);
    } catch (NodeStartException e) {
      System.err.println("syncmesh node: " + e.getMessage());
      return EXIT_CANNOT_START;
    } catch (ConfigException e) {
      System.err.println("syncmesh node: bad configuration: " + e.getMessage());
      return EXIT_CANNOT_START;
    }
    log.info("running; stop with Ctrl-C or SIGTERM");
    Optional<CoordinatedShutdown.Reason> reason = node.awaitTermination();
    if (reason.isPresent() && reason.get() == CoordinatedShutdown.jvmExitReason()) {
      log.info("stopped");
      return 0;
    }
    log.warn("the node stopped ({}); exiting", reason.map(Object::toString).orElse("no reason given"));
    return EXIT_STOPPED;
  }
}
