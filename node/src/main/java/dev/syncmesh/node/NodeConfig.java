package dev.syncmesh.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/** Loads the node's configuration: application.conf with environment overrides. */
public final class NodeConfig {
  private NodeConfig() {}

  /** application.conf, with environment variables and system properties applied. */
  public static Config load() {
    return ConfigFactory.load();
  }

  /**
   * application.conf with some settings replaced before substitutions are resolved, so that
   * derived settings follow them (e.g. {@code syncmesh.host} also moves remoting). Overrides win
   * over environment variables: tests and the harness use this to run several nodes in one JVM.
   */
  public static Config load(Map<String, ?> overrides) {
    Config application = ConfigFactory.parseResourcesAnySyntax("application");
    return ConfigFactory.load(ConfigFactory.parseMap(overrides).withFallback(application));
  }
}
