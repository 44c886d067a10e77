package dev.syncmesh.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.syncmesh.node.NodeConfig;
import dev.syncmesh.node.SyncMeshNode;
import dev.syncmesh.node.TestNodes;
import dev.syncmesh.testing.MeshApi;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https://} remotes with the optional trust store ({@code SYNCMESH_FEDERATION_TRUST_STORE}):
 * a remote whose certificate the store holds is reached, one whose certificate it does not hold
 * fails with {@code NETWORK} before anything is sent over the connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsRemoteTest {
  private static final String PASSWORD = "https-test-password";

  @TempDir static Path folder;
  private HttpsServer trusted;
  private HttpsServer stranger;
  private SyncMeshNode node;
  private MeshApi api;

  @BeforeAll
  void start() throws Exception {
    trusted = server(keyStore("trusted"));
    stranger = server(keyStore("stranger"));
    Path trust = folder.resolve("trust.p12");
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", folder.resolve("trusted.p12").toString(),
        "-storepass", PASSWORD, "-file", folder.resolve("trusted.crt").toString());
    keytool("-importcert", "-noprompt", "-alias", "trusted", "-file", folder.resolve("trusted.crt").toString(),
        "-keystore", trust.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    Map<String, Object> settings = TestNodes.ports();
    settings.put("syncmesh.data", folder.resolve("data").toString());
    settings.put("syncmesh.federation.attempts", 1);
    settings.put("syncmesh.federation.trust-store", trust.toString());
    settings.put("syncmesh.federation.trust-store-password", PASSWORD);
    node = SyncMeshNode.start(NodeConfig.load(settings));
    api = new MeshApi(node.httpBaseUri());
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    for (HttpsServer server : new HttpsServer[] {trusted, stranger}) {
      if (server != null) {
        server.stop(0);
      }
    }
  }

  @Test
  void aRemoteWhoseCertificateTheTrustStoreHoldsIsReached() {
    JsonNode result = syncWith(trusted, "p-trusted");
    assertThat(result.path("outcome").asText()).as(result.toString()).isNotEqualTo("FAILED");
  }

  @Test
  void aRemoteWithAnotherCertificateFailsTheHandshake() {
    JsonNode result = syncWith(stranger, "p-stranger");
    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("FAILED");
    assertThat(result.path("error").path("kind").asText()).isEqualTo("NETWORK");
    assertThat(result.path("error").path("message").asText()).contains("TLS");
  }

  private JsonNode syncWith(HttpsServer server, String peer) {
    api.createPeer(peer);
    api.ok(
        "PUT",
        "/peers/" + peer + "/remotes/far",
        "{\"url\":\"https://127.0.0.1:" + server.getAddress().getPort() + "\",\"peer\":\"x\"}");
    return api.sync(peer, "far", null);
  }

  /** A server that answers every head with "no commit yet", as an empty peer of another mesh. */
  private static HttpsServer server(SSLContext tls) throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "{\"peer\":\"x\",\"head\":null}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  /** A new key and self-signed certificate for 127.0.0.1, as a TLS context for a server. */
  private static SSLContext keyStore(String name) throws Exception {
    Path store = folder.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1", "-keystore", store.toString(),
        "-storetype", "PKCS12", "-storepass", PASSWORD);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    return context;
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
