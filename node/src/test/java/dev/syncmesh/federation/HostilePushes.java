package dev.syncmesh.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncmesh.history.Commit;
import dev.syncmesh.history.CommitGraph;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.testing.MeshApi;
import dev.syncmesh.tree.NodeLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Hostile packs pushed straight at a node's federation push route: a commit whose bytes do not
 * hash to the one announced, a tree referring to a blob nobody sent, an object over its size limit
 * and a body that is no pack. Each must be refused with its problem type and leave the peer's head
 * where it was; then an honest pack of the same commit moves it. Used by the in-process test and
 * by the test of two meshes as separate processes.
 */
public final class HostilePushes {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final URI node;
  private final String token;
  private final MeshApi api;

  /**
   * @param node the serving node's base URI
   * @param token a federation token with the right to push the peer
   */
  public HostilePushes(URI node, String token) {
    this.node = node;
    this.token = token;
    this.api = new MeshApi(node);
  }

  /** Runs every case against {@code peer}, which must have a head of generation 1 holding t/1. */
  public void run(String peer) {
    Hash head = Hash.parse(api.head(peer));
    StoredObject blob = PackBytes.blob("{\"v\":2}");
    StoredObject leaf = PackBytes.node(0, List.of(new NodeLink("t/1", blob.hash(), 1)));
    StoredObject commit =
        CommitGraph.encode(new Commit(leaf.hash(), List.of(head), "hostile", "test", Instant.EPOCH, 2));
    byte[] otherBytes =
        new String(commit.data(), StandardCharsets.UTF_8)
            .replace("\"test\"", "\"tesu\"")
            .getBytes(StandardCharsets.UTF_8);
    refused(peer, head, commit.hash(),
        PackBytes.start().section(commit.hash()).object(blob).object(leaf).object(3, otherBytes).end(),
        422, "pack-hash-mismatch");

    StoredObject unsentBlob = PackBytes.blob("{\"v\":3}");
    StoredObject danglingLeaf = PackBytes.node(0, List.of(new NodeLink("t/1", unsentBlob.hash(), 1)));
    StoredObject dangling =
        CommitGraph.encode(new Commit(danglingLeaf.hash(), List.of(head), "x", "y", Instant.EPOCH, 2));
    refused(peer, head, dangling.hash(),
        PackBytes.start().section(dangling.hash()).object(danglingLeaf).object(dangling).end(),
        422, "pack-missing-reference");

    byte[] huge = new byte[PackLimits.MAX_BLOB_BYTES + 1];
    refused(peer, head, commit.hash(),
        PackBytes.start().section(commit.hash()).object(1, huge).end(), 413, "pack-too-large");
    refused(peer, head, commit.hash(),
        "GET / HTTP/1.1 garbage".getBytes(StandardCharsets.US_ASCII), 422, "pack-malformed");

    HttpResponse<String> honest =
        push(peer, head, commit.hash(),
            PackBytes.start().section(commit.hash()).object(blob).object(leaf).object(commit).end());
    assertThat(honest.statusCode()).as(honest.body()).isEqualTo(200);
    assertThat(api.head(peer)).isEqualTo(commit.hash().hex());
  }

  /**
   * Pushes to {@code peer} that name objects of {@code secretPeer} (a peer of the same node holding
   * only {@code key} = {@code json}, which this token may not read) without sending them: its head
   * with an empty pack, its tree under a commit, its blob in a leaf. Each is refused with the detail
   * a hash stored nowhere gets. {@code secretPack} is the secret peer's pack as a reader fetches it,
   * to check that the hashes the attacker computed are really the secret peer's.
   */
  public void grafts(String peer, String secretPeer, String key, String json, byte[] secretPack) {
    Hash head = Hash.parse(api.head(peer));
    Hash secretHead = Hash.parse(api.head(secretPeer));
    Hash nowhere = new Hash(1, 2, 3, 4);
    StoredObject secretBlob = PackBytes.blob(json);
    StoredObject secretLeaf = PackBytes.node(0, List.of(new NodeLink(key, secretBlob.hash(), 1)));
    assertThat(contains(secretPack, secretLeaf.data())).as("the secret peer's tree").isTrue();
    byte[] empty = PackBytes.start().end();
    refusedAlike(peer, head, secretHead, empty, secretHead, nowhere, empty, nowhere);

    StoredObject onSecretTree = commitOn(secretLeaf.hash(), head);
    StoredObject onNowhere = commitOn(nowhere, head);
    refusedAlike(peer, head, onSecretTree.hash(), onePack(onSecretTree), secretLeaf.hash(),
        onNowhere.hash(), onePack(onNowhere), nowhere);

    StoredObject leaf = PackBytes.node(0, List.of(new NodeLink(key, secretBlob.hash(), 1)));
    Hash unsent = PackBytes.blob("{\"never\":\"sent\"}").hash();
    StoredObject otherLeaf = PackBytes.node(0, List.of(new NodeLink(key, unsent, 1)));
    StoredObject withSecretBlob = commitOn(leaf.hash(), head);
    StoredObject withUnsentBlob = commitOn(otherLeaf.hash(), head);
    refusedAlike(peer, head, withSecretBlob.hash(),
        PackBytes.start().section(withSecretBlob.hash()).object(leaf).object(withSecretBlob).end(),
        secretBlob.hash(), withUnsentBlob.hash(),
        PackBytes.start().section(withUnsentBlob.hash()).object(otherLeaf).object(withUnsentBlob).end(),
        unsent);
  }

  private void refusedAlike(String peer, Hash head, Hash graftHead, byte[] graft, Hash grafted,
      Hash controlHead, byte[] control, Hash absent) {
    HttpResponse<String> one = push(peer, head, graftHead, graft);
    HttpResponse<String> other = push(peer, head, controlHead, control);
    for (HttpResponse<String> reply : List.of(one, other)) {
      assertThat(reply.statusCode()).as(reply.body()).isEqualTo(422);
      assertThat(MeshApi.parse(reply.body()).path("type").asText()).isEqualTo("pack-missing-reference");
    }
    String detail = MeshApi.parse(one.body()).path("detail").asText();
    assertThat(detail).contains(grafted.hex());
    assertThat(detail.replace(grafted.hex(), "H"))
        .isEqualTo(MeshApi.parse(other.body()).path("detail").asText().replace(absent.hex(), "H"));
    assertThat(api.head(peer)).as("the head after a refused push").isEqualTo(head.hex());
  }

  private static StoredObject commitOn(Hash tree, Hash parent) {
    return CommitGraph.encode(new Commit(tree, List.of(parent), "grafter", "graft", Instant.EPOCH, 2));
  }

  private static byte[] onePack(StoredObject commit) {
    return PackBytes.start().section(commit.hash()).object(commit).end();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private void refused(String peer, Hash head, Hash newHead, byte[] pack, int status, String type) {
    HttpResponse<String> reply = push(peer, head, newHead, pack);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
    assertThat(MeshApi.parse(reply.body()).path("type").asText()).isEqualTo(type);
    assertThat(api.head(peer)).as("the head after a refused push").isEqualTo(head.hex());
  }

  private HttpResponse<String> push(String peer, Hash expected, Hash newHead, byte[] pack) {
    URI uri =
        URI.create(
            node
                + "/federation/v1/peers/"
                + peer
                + "/push?expected="
                + expected.hex()
                + "&head="
                + newHead.hex());
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/vnd.syncmesh.pack")
            .POST(HttpRequest.BodyPublishers.ofByteArray(pack))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
