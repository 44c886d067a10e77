package dev.syncmesh.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import dev.syncmesh.node.NodeSettings;
import dev.syncmesh.remote.Credentials;
import dev.syncmesh.store.DatabaseSettings;
import dev.syncmesh.store.Dialect;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml (and the Dockerfile) agree with what the node reads: no Docker needed. Each
 * node's environment is run through the node's own configuration (application.conf with those
 * variables, then {@link NodeSettings} and {@link DatabaseSettings}, which validate as at start).
 * The file describes a federation: a mesh is the nodes on one database service (west: three nodes
 * on mysql; east: one on mysql-east), and each mesh's credentials must reach the other's nodes
 * with a token the other accepts.
 */
class ComposeFileTest {
  private static final Path ROOT = ComposeFile.repositoryRoot();
  private static final ComposeFile COMPOSE = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
  private static final NodeVariables READ = NodeVariables.read(ROOT.resolve("node"));
  private static final Pattern READY = Pattern.compile("https?://([^:/\\s]+):(\\d+)/ready\\b");

  private static List<String> nodes() {
    return COMPOSE.serviceNames().stream()
        .filter(name -> COMPOSE.environment(name).containsKey("SYNCMESH_HOST"))
        .toList();
  }

  /** The meshes: each database service, with the nodes that use it, in file order. */
  private static Map<String, List<String>> meshes() {
    Map<String, List<String>> meshes = new java.util.LinkedHashMap<>();
    for (String node : nodes()) {
      String url = DatabaseSettings.fromConfig(config(node)).url();
      String host = URI.create(url.substring("jdbc:".length())).getHost();
      meshes.computeIfAbsent(host, h -> new ArrayList<>()).add(node);
    }
    return meshes;
  }

  private static List<String> meshOf(String node) {
    return meshes().values().stream().filter(m -> m.contains(node)).findFirst().orElseThrow();
  }

  private static Config config(String service) {
    Config application = ConfigFactory.parseResourcesAnySyntax("application");
    return ConfigFactory.parseMap(COMPOSE.environment(service))
        .withFallback(application)
        .withFallback(ConfigFactory.defaultReference())
        .resolve(ConfigResolveOptions.noSystem());
  }

  private static NodeSettings settings(String service) {
    return NodeSettings.fromConfig(config(service));
  }

  @Test
  void meshWestOfThreeNodesOnMysqlAndMeshEastOfOneOnItsOwn() {
    assertThat(nodes()).containsExactly("node1", "node2", "node3", "east1");
    assertThat(meshes())
        .containsExactly(
            Map.entry("mysql", List.of("node1", "node2", "node3")),
            Map.entry("mysql-east", List.of("east1")));
    for (String database : meshes().keySet()) {
      assertThat(COMPOSE.service(database).path("image").asText()).startsWith("mysql:8");
      assertThat(COMPOSE.healthCheck(database)).contains("mysqladmin ping");
    }
  }

  @Test
  void eachMeshAcceptsTheOthersTokenAndSendsItsOwnOnlyToTheOthersNodes() {
    for (String node : nodes()) {
      Map<String, String> env = COMPOSE.environment(node);
      Credentials credentials = new Credentials(env::get);
      List<String> others = nodes().stream().filter(n -> !meshOf(node).contains(n)).toList();
      Set<String> otherApis = new HashSet<>();
      for (String other : others) {
        otherApis.add("http://" + settings(other).host() + ":" + settings(other).httpPort());
      }
      List<String> names =
          env.keySet().stream()
              .filter(v -> v.startsWith("SYNCMESH_CREDENTIAL_") && !v.endsWith("_URL"))
              .map(v -> v.substring("SYNCMESH_CREDENTIAL_".length()).toLowerCase(java.util.Locale.ROOT))
              .toList();
      assertThat(names).as(node + " holds a credential for the other mesh").hasSize(1);
      String name = names.get(0);
      assertThat(credentials.origins(name))
          .as(node + "'s credential goes to the other mesh's nodes only")
          .isNotEmpty()
          .isSubsetOf(otherApis);
      String token = credentials.token(name).orElseThrow();
      String raw = COMPOSE.service(node).path("environment").path(Credentials.variable(name)).asText();
      assertThat(raw).as(node + "'s credential comes from .env").startsWith("${SYNCMESH_FEDERATION_");
      String mesh = meshOf(node).get(0);
      for (String other : others) {
        Map<String, dev.syncmesh.http.ApiToken> accepted = settings(other).federationTokens();
        assertThat(accepted.values().stream().anyMatch(t -> t.matches(token)))
            .as(other + " accepts the token " + node + " presents")
            .isTrue();
        assertThat(COMPOSE.service(other).path("environment").path("SYNCMESH_TOKENS").asText())
            .as(other + " reads the same .env variable as " + mesh + " presents")
            .contains(raw);
      }
      assertThat(env.get("SYNCMESH_ALLOW_PLAIN_HTTP")).as(node + ": plain HTTP between meshes").isEqualTo("on");
    }
  }

  @Test
  void theEnvExampleSetsEveryVariableTheFileAsksFor() throws IOException {
    String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
    String example = Files.readString(ROOT.resolve(".env.example"));
    Matcher used = Pattern.compile("\\$\\{([A-Z0-9_]+):-").matcher(compose);
    Set<String> variables = new java.util.TreeSet<>();
    while (used.find()) {
      variables.add(used.group(1));
    }
    assertThat(variables).contains("SYNCMESH_FEDERATION_EAST_TOKEN", "SYNCMESH_FEDERATION_WEST_TOKEN");
    for (String variable : variables) {
      assertThat(example).as(".env.example sets " + variable).containsPattern("(?m)^" + variable + "=\\S+");
    }
  }

  @Test
  void theVariableCollectionFindsTheNodesSettings() {
    assertThat(READ.names())
        .contains("SYNCMESH_HOST", "SYNCMESH_HTTP_PORT", "SYNCMESH_MANAGEMENT_PORT", "SYNCMESH_REMOTING_PORT")
        .contains("SYNCMESH_SEED_NODES", "SYNCMESH_DB_URL", "SYNCMESH_DB_USER", "SYNCMESH_DB_PASSWORD")
        .contains("SYNCMESH_API_TOKEN", "SYNCMESH_TOKENS", "SYNCMESH_CHAOS_PHASE_DELAY", "SYNCMESH_DATA");
  }

  @Test
  void everyVariableANodeGetsIsOneTheNodeReads() throws IOException {
    for (String node : nodes()) {
      for (String name : COMPOSE.environment(node).keySet()) {
        assertThat(READ.reads(name)).as(node + " sets " + name + ", which the node does not read").isTrue();
      }
    }
    Matcher env = Pattern.compile("(?m)^ENV\\s+(\\w+)=").matcher(Files.readString(ROOT.resolve("Dockerfile")));
    while (env.find()) {
      assertThat(READ.reads(env.group(1))).as("the Dockerfile sets " + env.group(1)).isTrue();
    }
  }

  @Test
  void eachNodeListensOnItsServiceNameWithValidSettings() {
    for (String node : nodes()) {
      NodeSettings settings = settings(node);
      assertThat(settings.host()).as(node + " SYNCMESH_HOST").isEqualTo(node);
      JsonNode hostname = COMPOSE.service(node).path("hostname");
      if (!hostname.isMissingNode()) {
        assertThat(hostname.asText()).as(node + " hostname").isEqualTo(node);
      }
      assertThat(settings.apiToken()).as(node + " needs SYNCMESH_API_TOKEN off loopback").isPresent();
    }
  }

  @Test
  void publishedPortsAndHealthChecksMatchTheNodesPorts() {
    Set<Integer> hostPorts = new HashSet<>();
    for (String service : COMPOSE.serviceNames()) {
      for (int hostPort : COMPOSE.publishedPorts(service).values()) {
        assertThat(hostPorts.add(hostPort)).as("host port " + hostPort + " published twice").isTrue();
      }
    }
    for (String node : nodes()) {
      NodeSettings settings = settings(node);
      assertThat(COMPOSE.publishedPorts(node))
          .as(node + " publishes its API and management ports")
          .containsKeys(settings.httpPort(), settings.managementPort());
      Matcher ready = READY.matcher(COMPOSE.healthCheck(node));
      assertThat(ready.find()).as(node + " health check calls /ready: " + COMPOSE.healthCheck(node)).isTrue();
      assertThat(ready.group(1)).as(node + " health check host (the node binds SYNCMESH_HOST)").isEqualTo(settings.host());
      assertThat(Integer.parseInt(ready.group(2))).as(node + " health check port").isEqualTo(settings.managementPort());
    }
  }

  @Test
  void seedNodesAreTheirMeshsNodesAndTheirRemotingPorts() {
    for (List<String> mesh : meshes().values()) {
      Map<String, String> remoting = new HashMap<>();
      for (String node : mesh) {
        NodeSettings settings = settings(node);
        remoting.put(settings.host() + ":" + settings.remotingPort(), node);
      }
      List<String> firstSeeds = new ArrayList<>();
      for (String node : mesh) {
        List<String> seeds = settings(node).seedNodes();
        assertThat(seeds).as(node + " seed nodes").isNotEmpty();
        assertThat(remoting.keySet()).as(node + " seed nodes are its mesh's remoting addresses").containsAll(seeds);
        firstSeeds.add(seeds.get(0));
      }
      // Only the first seed may form a new cluster: the same first seed in a mesh, or two clusters.
      assertThat(new HashSet<>(firstSeeds)).as("first seed node of " + mesh).hasSize(1);
    }
  }

  @Test
  void everyNodeUsesItsMeshsMysqlServiceAfterItIsHealthy() {
    for (String node : nodes()) {
      String service = meshes().entrySet().stream().filter(e -> e.getValue().contains(node)).findFirst().orElseThrow().getKey();
      Map<String, String> mysql = COMPOSE.environment(service);
      DatabaseSettings database = DatabaseSettings.fromConfig(config(node));
      assertThat(database.dialect()).isEqualTo(Dialect.MYSQL);
      URI url = URI.create(database.url().substring("jdbc:".length()));
      assertThat(COMPOSE.serviceNames()).as(node + " database host is a service").contains(url.getHost());
      assertThat(url.getPort()).isIn(-1, 3306);
      assertThat(url.getPath()).isEqualTo("/" + mysql.get("MYSQL_DATABASE"));
      assertThat(database.user()).isEqualTo(mysql.get("MYSQL_USER"));
      assertThat(database.password()).isEqualTo(mysql.get("MYSQL_PASSWORD"));
      assertThat(COMPOSE.service(node).path("depends_on").path(service).path("condition").asText())
          .as(node + " waits for a healthy mysql")
          .isEqualTo("service_healthy");
    }
  }

  @Test
  void remotingRunsOverTlsWithEachNodesOwnKeyStoreAndNeverTheCa() {
    Set<String> keyStores = new HashSet<>();
    for (String node : nodes()) {
      NodeSettings settings = settings(node);
      assertThat(settings.remotingTls()).as(node + " SYNCMESH_REMOTING_TLS").isPresent();
      Map<String, String> mounted = new java.util.HashMap<>();
      for (JsonNode secret : COMPOSE.service(node).path("secrets")) {
        mounted.put("/run/secrets/" + secret.path("target").asText(), secret.path("source").asText());
      }
      String keyStore = mounted.get(settings.remotingTls().orElseThrow().keyStore().toString());
      String trustStore = mounted.get(settings.remotingTls().orElseThrow().trustStore().toString());
      boolean west = meshOf(node).contains("node1");
      String folder = west ? "./certs/" : "./certs-east/";
      assertThat(keyStore).as(node + "'s key store is a secret").isEqualTo(node + "-key-store");
      assertThat(trustStore).as(node + "'s trust store is its mesh's").isEqualTo(west ? "mesh-trust-store" : "east-trust-store");
      keyStores.add(COMPOSE.root().path("secrets").path(keyStore).path("file").asText());
      assertThat(COMPOSE.root().path("secrets").path(trustStore).path("file").asText()).isEqualTo(folder + "trust.p12");
      assertThat(COMPOSE.root().path("secrets").path(keyStore).path("file").asText()).isEqualTo(folder + node + ".p12");
    }
    assertThat(keyStores).as("one key store per node, as ops/bin/make-certs names them").hasSize(nodes().size());
    COMPOSE.root().path("secrets").forEach(secret -> assertThat(secret.path("file").asText()).doesNotContain("ca."));
  }

  @Test
  void volumesAreNamedAndDeclared() {
    Set<String> declared = new HashSet<>();
    COMPOSE.root().path("volumes").fieldNames().forEachRemaining(declared::add);
    assertThat(declared).isNotEmpty();
    for (String service : COMPOSE.serviceNames()) {
      for (JsonNode volume : COMPOSE.service(service).path("volumes")) {
        String source = volume.isObject() ? volume.path("source").asText() : volume.asText().split(":")[0];
        assertThat(declared).as(service + " mounts " + source + ", not a declared named volume").contains(source);
      }
    }
  }

  @Test
  void nodesAreBuiltFromTheDockerfileThatRunsNodeMain() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT\\s+(.*)$").matcher(dockerfile);
    assertThat(entrypoint.find()).isTrue();
    assertThat(entrypoint.group(1)).contains("dev.syncmesh.node.NodeMain");
    Class.forName("dev.syncmesh.node.NodeMain");
    assertThat(dockerfile).containsPattern("FROM maven:\\S+ AS build").containsPattern("FROM eclipse-temurin:17-jre");
    // The image holds the distribution (the tarball's content: the assembly packs README.md too)
    // and runs the node from its lib/.
    assertThat(dockerfile).containsPattern("COPY pom.xml README.md").contains("tar -xzf ops/target/syncmesh-");
    assertThat(entrypoint.group(1)).contains("/opt/syncmesh/lib/*");
    for (String node : nodes()) {
      JsonNode build = COMPOSE.service(node).path("build");
      String context = build.isTextual() ? build.asText() : build.path("context").asText(".");
      assertThat(ROOT.resolve(context).normalize()).as(node + " build context").isEqualTo(ROOT.normalize());
      NodeSettings settings = settings(node);
      assertThat(dockerfile)
          .as("the image exposes " + node + "'s ports")
          .containsPattern("EXPOSE[ 0-9]*\\b" + settings.httpPort() + "\\b")
          .containsPattern("EXPOSE[ 0-9]*\\b" + settings.managementPort() + "\\b")
          .containsPattern("EXPOSE[ 0-9]*\\b" + settings.remotingPort() + "\\b");
    }
  }
}
