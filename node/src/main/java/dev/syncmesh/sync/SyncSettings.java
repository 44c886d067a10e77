package dev.syncmesh.sync;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sync tuning ({@code syncmesh.sync}) and the fault injection of {@code syncmesh.chaos.phase-delay}
 * ({@code SYNCMESH_CHAOS_PHASE_DELAY}: {@code phase:millis,...}).
 *
 * @param phaseTimeout how long a phase may work (the chaos delay included) before it fails
 * @param waitTimeout how long a {@code "wait": true} request waits before it answers 202
 * @param maxFollowUps follow-up sessions run when a request asks for them
 */
public record SyncSettings(
    Duration phaseTimeout,
    Duration waitTimeout,
    Duration remoteTimeout,
    int maxFollowUps,
    Map<SyncPhase, Duration> chaosDelays,
    Set<SyncPhase> chaosCrashes) {

  public SyncSettings {
    chaosDelays = Map.copyOf(chaosDelays);
    chaosCrashes = Set.copyOf(chaosCrashes);
  }

  public SyncSettings(
      Duration phaseTimeout,
      Duration waitTimeout,
      Duration remoteTimeout,
      int maxFollowUps,
      Map<SyncPhase, Duration> chaosDelays) {
    this(phaseTimeout, waitTimeout, remoteTimeout, maxFollowUps, chaosDelays, Set.of());
  }

  public static SyncSettings fromConfig(Config config) {
    Config sync = config.getConfig("syncmesh.sync");
    return new SyncSettings(
        sync.getDuration("phase-timeout"),
        sync.getDuration("wait-timeout"),
        sync.getDuration("remote-timeout"),
        sync.getInt("max-follow-ups"),
        parseDelays(config.getString("syncmesh.chaos.phase-delay")),
        parseCrashes(config.getString("syncmesh.chaos.phase-crash")));
  }

  /** Parses {@code phase,...} of {@code SYNCMESH_CHAOS_PHASE_CRASH}. */
  public static Set<SyncPhase> parseCrashes(String text) {
    Set<SyncPhase> phases = java.util.EnumSet.noneOf(SyncPhase.class);
    if (text == null || text.isBlank()) {
      return phases;
    }
    for (String part : text.split(",")) {
      try {
        phases.add(SyncPhase.valueOf(part.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException.BadValue(
            "syncmesh.chaos.phase-crash",
            "SYNCMESH_CHAOS_PHASE_CRASH: '" + part.trim() + "' is not fetch, merge, resolve or push");
      }
    }
    return phases;
  }

  public Duration chaosDelay(SyncPhase phase) {
    return chaosDelays.getOrDefault(phase, Duration.ZERO);
  }

  /**
   * Parses {@code phase:millis,...}; anything else is a {@link ConfigException}, which stops the
   * node with one line naming the setting.
   */
  public static Map<SyncPhase, Duration> parseDelays(String text) {
    Map<SyncPhase, Duration> delays = new EnumMap<>(SyncPhase.class);
    if (text == null || text.isBlank()) {
      return delays;
    }
    for (String part : text.split(",")) {
      String[] pair = part.trim().split(":");
      try {
        if (pair.length != 2) {
          throw new IllegalArgumentException();
        }
        SyncPhase phase = SyncPhase.valueOf(pair[0].trim().toUpperCase(Locale.ROOT));
        long millis = Long.parseLong(pair[1].trim());
        if (millis < 0) {
          throw new IllegalArgumentException();
        }
        delays.put(phase, Duration.ofMillis(millis));
      } catch (IllegalArgumentException e) {
        throw new ConfigException.BadValue(
            "syncmesh.chaos.phase-delay",
            "SYNCMESH_CHAOS_PHASE_DELAY: '"
                + part.trim()
                + "' is not phase:millis with a phase of fetch, merge, resolve, push");
      }
    }
    return delays;
  }
}
