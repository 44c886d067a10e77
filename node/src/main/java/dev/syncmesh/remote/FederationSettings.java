package dev.syncmesh.remote;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Federation tuning ({@code syncmesh.federation}).
 *
 * @param attempts tries per call when the network fails (at least 1)
 * @param maxRequestBytes the largest JSON body the federation API reads
 */
public record FederationSettings(
    Duration connectTimeout,
    Duration requestTimeout,
    int attempts,
    Duration backoffMin,
    Duration backoffMax,
    long maxRequestBytes) {

  /** Where links to other meshes run: their calls wait on the network, apart from store work. */
  public static final String DISPATCHER = "syncmesh.federation-dispatcher";

  public FederationSettings {
    if (attempts < 1) {
      throw new IllegalArgumentException("syncmesh.federation.attempts must be at least 1");
    }
  }

  public static FederationSettings fromConfig(Config config) {
    Config federation = config.getConfig("syncmesh.federation");
    return new FederationSettings(
        federation.getDuration("connect-timeout"),
        federation.getDuration("request-timeout"),
        federation.getInt("attempts"),
        federation.getDuration("backoff-min"),
        federation.getDuration("backoff-max"),
        federation.getBytes("max-request-bytes"));
  }

  /** The wait before attempt {@code attempt} (2, 3, ...): doubling, capped. */
  public Duration backoff(int attempt) {
    long millis = backoffMin.toMillis() << Math.min(attempt - 2, 20);
    return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
  }
}
