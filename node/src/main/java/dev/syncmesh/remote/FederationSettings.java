package dev.syncmesh.remote;

import com.typesafe.config.Config;
import dev.syncmesh.node.NodeStartException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Federation tuning ({@code syncmesh.federation}).
 *
 * @param attempts tries per call when the network fails (at least 1)
 * @param maxRequestBytes the largest JSON body the federation API reads
 * @param maxAnswerBytes the largest JSON answer (a head, a push's reply) a link reads from a remote
 * @param maxFetchRounds packs one fetch may take before it is refused as endless
 * @param maxFetchObjects objects one fetch may take, all its packs together
 * @param maxFetchBytes object bytes one fetch may take, all its packs together
 * @param trustStore the PKCS12 trust store https:// remotes are checked against ("": the JVM's)
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
    long maxFetchBytes,
    String trustStore,
    String trustStorePassword) {

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
        federation.getBytes("max-fetch-bytes"),
        federation.getString("trust-store"),
        federation.getString("trust-store-password"));
  }

  /** The settings, the trust store's password left out. */
  @Override
  public String toString() {
    return "FederationSettings[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", attempts=" + attempts + ", maxAnswerBytes=" + maxAnswerBytes + ", maxFetchRounds="
        + maxFetchRounds + ", trustStore=" + (trustStore.isBlank() ? "(the JVM's)" : trustStore) + "]";
  }

  /**
   * What https:// remotes are checked against: the trust store's certificates, or the JVM's when
   * none is given. A store that does not open stops the node's start, naming the variable.
   */
  public SSLContext sslContext() {
    if (trustStore.isBlank()) {
      try {
        return SSLContext.getDefault();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JVM has no default TLS context", e);
      }
    }
    try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, trustStorePassword.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new NodeStartException(
          "SYNCMESH_FEDERATION_TRUST_STORE ("
              + trustStore
              + ") cannot be opened as a PKCS12 store with SYNCMESH_FEDERATION_TRUST_STORE_PASSWORD: "
              + e.getMessage(),
          e);
    }
  }

  /** The wait before attempt {@code attempt} (2, 3, ...): doubling, capped. */
  public Duration backoff(int attempt) {
    long millis = backoffMin.toMillis() << Math.min(attempt - 2, 20);
    return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
  }
}
