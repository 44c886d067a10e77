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
