package dev.syncmesh.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Map;

/**
 * TLS with mutual authentication on the cluster port ({@code SYNCMESH_REMOTING_TLS}): Artery's
 * {@code tls-tcp} transport with Pekko's own key- and trust-store engine, both sides required to
 * show a certificate the mesh's CA signed. The node opens the stores once before it starts
 * ({@link #verify}), so a wrong path or password stops it with a message naming the variable, not
 * a failed handshake later. The password is never shown.
 *
 * @param keyStore the node's PKCS12 key store: its key and the certificate chain
 * @param trustStore the PKCS12 trust store with the mesh's CA certificate
 */
public record RemotingTls(Path keyStore, Path trustStore, String password) {

  @Override
  public String toString() {
    return "RemotingTls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", password=redacted]";
  }

  /** The settings, every one of them given. */
  static RemotingTls of(String keyStore, String trustStore, String password) {
    for (String[] setting :
        new String[][] {
          {keyStore, "SYNCMESH_REMOTING_KEY_STORE"},
          {trustStore, "SYNCMESH_REMOTING_TRUST_STORE"},
          {password, "SYNCMESH_REMOTING_TLS_PASSWORD"}
        }) {
      if (setting[0].isBlank()) {
        throw new NodeStartException("SYNCMESH_REMOTING_TLS is on but " + setting[1] + " is not set");
      }
    }
    return new RemotingTls(Path.of(keyStore), Path.of(trustStore), password);
  }

  /** Checks that both stores open with the password and hold what they must. */
  public void verify() {
    KeyStore keys = load(keyStore, password, "SYNCMESH_REMOTING_KEY_STORE");
    KeyStore trust = load(trustStore, password, "SYNCMESH_REMOTING_TRUST_STORE");
    try {
      boolean hasKey =
          Collections.list(keys.aliases()).stream().anyMatch(alias -> isKey(keys, alias));
      if (!hasKey) {
        throw new NodeStartException(
            "SYNCMESH_REMOTING_KEY_STORE (" + keyStore + ") holds no private key");
      }
      if (trust.size() == 0) {
        throw new NodeStartException(
            "SYNCMESH_REMOTING_TRUST_STORE (" + trustStore + ") holds no certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new NodeStartException("the remoting key stores cannot be read: " + e.getMessage(), e);
    }
  }

  /** Artery's settings for it. */
  Config artery() {
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    return ConfigFactory.parseMap(
        Map.of(
            "pekko.remote.artery.transport", "tls-tcp",
            engine + "key-store", keyStore.toAbsolutePath().toString(),
            engine + "key-store-password", password,
            engine + "key-password", password,
            engine + "trust-store", trustStore.toAbsolutePath().toString(),
            engine + "trust-store-password", password,
            engine + "require-mutual-authentication", "on"));
  }

  private static boolean isKey(KeyStore store, String alias) {
    try {
      return store.isKeyEntry(alias);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static KeyStore load(Path path, String password, String env) {
    String file = path.toString();
    if (!Files.isReadable(path)) {
      throw new NodeStartException(env + " (" + file + ") is not a readable file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new NodeStartException(
          env
              + " ("
              + file
              + ") cannot be opened as a PKCS12 store with SYNCMESH_REMOTING_TLS_PASSWORD: "
              + e.getMessage(),
          e);
    }
  }
}
