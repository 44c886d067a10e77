package dev.syncmesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

  private static NodeSettings settings(Map<String, Object> overrides) {
    Map<String, Object> all = new HashMap<>(TestNodes.ports());
    all.putAll(overrides);
    return NodeSettings.fromConfig(NodeConfig.load(all));
  }

  @Test
  void defaultsListenOnLoopback() {
    NodeSettings settings = NodeSettings.fromConfig(NodeConfig.load(Map.of()));
    assertThat(settings.host()).isEqualTo(System.getenv().getOrDefault("SYNCMESH_HOST", "127.0.0.1"));
    assertThat(settings.managementWrite()).isFalse();
  }

  @Test
  void seedNodesBecomeMemberAddresses() {
    NodeSettings settings = settings(Map.of("syncmesh.seed-nodes", " node1:7355, 10.0.0.2:7356 ,"));
    assertThat(settings.seedNodeAddresses())
        .containsExactly("pekko://syncmesh@node1:7355", "pekko://syncmesh@10.0.0.2:7356");
    assertThat(settings(Map.of()).seedNodes()).isEmpty();
  }

  @Test
  void badValuesNameTheirVariable() {
    assertThatThrownBy(() -> settings(Map.of("syncmesh.seed-nodes", "node1")))
        .isInstanceOf(NodeStartException.class)
        .hasMessageContaining("SYNCMESH_SEED_NODES");
    assertThatThrownBy(() -> settings(Map.of("syncmesh.management.port", "70000")))
        .hasMessageContaining("SYNCMESH_MANAGEMENT_PORT");
    assertThatThrownBy(() -> settings(Map.of("syncmesh.management.allow-write", "maybe")))
        .hasMessageContaining("SYNCMESH_MANAGEMENT_WRITE");
    assertThatThrownBy(() -> settings(Map.of("syncmesh.http.port", 9000, "syncmesh.management.port", 9000)))
        .hasMessageContaining("must differ");
    assertThatThrownBy(() -> settings(Map.of("syncmesh.http.allowed-hosts", "ok.example, bad host")))
        .hasMessageContaining("SYNCMESH_HTTP_ALLOWED_HOSTS");
    assertThatThrownBy(() -> settings(Map.of("syncmesh.log.format", "xml")))
        .hasMessageContaining("SYNCMESH_LOG_FORMAT must be text or json, not 'xml'");
    settings(Map.of("syncmesh.log.format", "json"));
  }

  @Test
  void managementWriteRoutesNeedAnApiToken() {
    assertThatThrownBy(() -> settings(Map.of("syncmesh.management.allow-write", "on")))
        .isInstanceOf(NodeStartException.class)
        .hasMessageContaining("SYNCMESH_MANAGEMENT_WRITE needs SYNCMESH_API_TOKEN");
    assertThat(
            settings(Map.of("syncmesh.management.allow-write", "on", "syncmesh.api-token", "t"))
                .managementWrite())
        .isTrue();
  }

  @Test
  void tokensAreParsedAndNeverShown() {
    NodeSettings settings =
        settings(Map.of("syncmesh.tokens", "alice=secret-a, bob=secret-b", "syncmesh.api-token", "api-secret"));
    assertThat(settings.federationTokens()).containsOnlyKeys("alice", "bob");
    assertThat(settings.federationTokens().get("alice").matches("secret-a")).isTrue();
    assertThat(settings.federationTokens().get("alice").matches("secret-b")).isFalse();
    assertThat(settings.apiToken()).hasValueSatisfying(t -> assertThat(t.matches("api-secret")).isTrue());
    assertThat(settings.toString()).doesNotContain("secret");
    assertThatThrownBy(() -> settings(Map.of("syncmesh.tokens", "alice=secret-a,bob")))
        .hasMessageContaining("SYNCMESH_TOKENS")
        .hasMessageNotContaining("secret-a");
  }
}
