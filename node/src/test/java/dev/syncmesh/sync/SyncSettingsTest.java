package dev.syncmesh.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncSettingsTest {
  @Test
  void chaosDelaysAreParsedPerPhase() {
    assertThat(SyncSettings.parseDelays("")).isEmpty();
    assertThat(SyncSettings.parseDelays(" merge:3000, push:0 "))
        .isEqualTo(Map.of(SyncPhase.MERGE, Duration.ofSeconds(3), SyncPhase.PUSH, Duration.ZERO));
  }

  @Test
  void aBadChaosDelayNamesTheSetting() {
    for (String bad : new String[] {"merge", "merge:", "merge:-1", "merge:abc", "pull:10", "merge:1:2"}) {
      assertThatThrownBy(() -> SyncSettings.parseDelays(bad))
          .as(bad)
          .isInstanceOf(ConfigException.BadValue.class)
          .hasMessageContaining("SYNCMESH_CHAOS_PHASE_DELAY");
    }
  }
}
