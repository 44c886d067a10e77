package dev.syncmesh.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class NodeOnH2Test extends NodeLifecycleContract {
  @TempDir Path data;

  @Override
  Config config() {
    return TestNodes.h2(data);
  }
}
