package dev.syncmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A node whose cluster port is on the network without TLS says so when it starts. */
class ExposedNodeWarningTest {
  @TempDir Path data;

  @Test
  void remotingOnANetworkAddressWithoutTlsIsWarnedAbout() {
    Optional<String> address = networkAddress();
    Assumptions.assumeTrue(address.isPresent(), "this machine has no network address besides loopback");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(SyncMeshNode.class);
    logged.start();
    logger.addAppender(logged);
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", data.toString());
    settings.put("syncmesh.host", address.get());
    settings.put("syncmesh.api-token", "exposed-node-test-token");
    try (SyncMeshNode node = SyncMeshNode.start(NodeConfig.load(settings))) {
      assertThat(logged.list)
          .map(ILoggingEvent::getFormattedMessage)
          .anySatisfy(
              message ->
                  assertThat(message)
                      .contains("cluster remoting listens on " + address.get())
                      .contains("without TLS (SYNCMESH_REMOTING_TLS)"));
    } finally {
      logger.detachAppender(logged);
    }
  }

  private static Optional<String> networkAddress() {
    try {
      for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!face.isUp() || face.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(face.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
            return Optional.of(address.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      // none then
    }
    return Optional.empty();
  }
}
