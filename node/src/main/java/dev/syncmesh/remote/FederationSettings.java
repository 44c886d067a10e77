package dev.syncmesh.remote;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Federation tuning ({@code syncmesh.federation}).
 *
 * @param attempts tries per call when the network fails (at least 1)
 * @param maxRequestBytes the largest JSON body the federation API reads
 * @param maxAnswerBytes the largest JSON answer (a head, a push's reply) a link reads from a remote
 * @param maxFetchRounds packs one fetch may take before it is refused as endless
 * @param maxFetchObjects objects one fetch may take, all its packs together
 * @param maxFetchBytes object bytes one fetch may take, all its packs together
 */
public record FederationSettings(
    Duration connectTimeout,
    Duration requestTimeout,
    int attempts,
    Duration backoffMin,
    Duration backoffMax,
    long maxRequestBytes,
    int maxAnswerBytes,
    int maxFetchRounds,
    long maxFetchObjects,
    long maxFetchBytes) {

  /** Where the federation API streams packs to and from its callers. */
  public static final String DISPATCHER = "syncmesh.federation-dispatcher";

  /**
   * Where links to remotes in other meshes run their calls, which wait on the network: apart from
   * store work and from the federation API's own streams, so remotes that stall cannot take the
   * threads this mesh serves its callers with.
   */
  public static final String LINK_DISPATCHER = "syncmesh.link-dispatcher";

  public FederationSettings {
    if (attempts < 1) {
      throw new IllegalArgumentException("syncmesh.federation.attempts must be at least 1");
    }
    if (maxAnswerBytes < 1024 || maxFetchRounds < 1 || maxFetchObjects < 1 || maxFetchBytes < 1) {
      throw new IllegalArgumentException(
          "syncmesh.federation.max-answer-bytes must be at least 1k, and max-fetch-rounds,"
              + " -objects and -bytes positive");
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
        federation.getBytes("max-request-bytes"),
        Math.toIntExact(federation.getBytes("max-answer-bytes")),
        federation.getInt("max-fetch-rounds"),
        federation.getLong("max-fetch-objects"),
        federation.getBytes("max-fetch-bytes"));
  }

  /** The wait before attempt {@code attempt} (2, 3, ...): doubling, capped. */
  public Duration backoff(int attempt) {
    long millis = backoffMin.toMillis() << Math.min(attempt - 2, 20);
    return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
  }
}
