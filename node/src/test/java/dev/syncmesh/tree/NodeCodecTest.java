package dev.syncmesh.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCodecTest {
  private static final Hash H = new Hash(1, 2, 3, 4);

  @Test
  void nodesSurviveARoundTrip() {
    List<NodeEntry> leaf = List.of(new NodeEntry("a/1", H, 1), new NodeEntry("a/2", H, 1));
    Node decoded = decode(NodeCodec.encode(0, leaf).data());
    assertThat(decoded.level()).isZero();
    assertThat(List.of(decoded.entry(0), decoded.entry(1))).isEqualTo(leaf);

    List<NodeEntry> internal = List.of(new NodeEntry("b/x", H, 300), new NodeEntry("c/y", H, 5));
    Node parent = decode(NodeCodec.encode(3, internal).data());
    assertThat(parent.level()).isEqualTo(3);
    assertThat(parent.size()).isEqualTo(305);
    assertThat(parent.last()).isEqualTo(internal.get(1));
  }

  @Test
  void theEmptyLeafIsThreeBytes() {
    assertThat(NewNode.EMPTY.object().data()).containsExactly(1, 0, 0);
    assertThat(NewNode.EMPTY.node().hash()).isEqualTo(ProllyTree.EMPTY);
  }

  @Test
  void malformedBytesAreRefused() {
    byte[] leaf = NodeCodec.encode(0, List.of(new NodeEntry("a/1", H, 1))).data();
    refused(new byte[0], "truncated");
    refused(new byte[] {2, 0, 0}, "format 2");
    refused(new byte[] {1, 11, 0}, "level 11");
    refused(new byte[] {1, 0, 1}, "cannot fit");
    refused(new byte[] {1, 1, 0}, "no entries");
    refused(new byte[] {1, 0, (byte) 0x80, 0}, "extra bytes");
    refused(Arrays.copyOf(leaf, leaf.length + 1), "follow the last entry");
    refused(Arrays.copyOf(leaf, leaf.length - 1), "cannot fit");
    byte[] longer = encode(0, "abc/defgh", "abc/defgi");
    refused(Arrays.copyOf(longer, longer.length - 1), "truncated");
    List<String> plain = plainKeys();
    refused(encode(0, plain.get(1), plain.get(0)), "increasing order");
    refused(encode(0, plain.get(0), plain.get(0)), "increasing order");
    refused(encode(0, "A/1"), "collection");
    refused(encode(0, "abc"), "collection/id");
    refused(encode(0, "a/\u00e9"), "printable ASCII");
    refused(encode(0, boundaryKey(), "zz/last"), "ends a chunk");
    refused(NodeCodec.encode(1, List.of(new NodeEntry("a/1", H, 0))).data(), "no records");
    List<NodeEntry> huge =
        List.of(new NodeEntry("a/1", H, Long.MAX_VALUE), new NodeEntry("a/2", H, 1));
    refused(NodeCodec.encode(1, huge).data(), "overflows");
  }

  @Test
  void objectsOfAnotherKindAreRefused() {
    StoredObject blob = StoredObject.of(ObjectKind.BLOB, NewNode.EMPTY.object().data());
    assertThatThrownBy(() -> NodeCodec.decode(blob, Chunking.DEFAULT))
        .isInstanceOf(MalformedNodeException.class)
        .hasMessageContaining("not a node");
  }

  /** Two keys in increasing order after which no leaf ends. */
  static List<String> plainKeys() {
    return java.util.stream.IntStream.range(0, 100)
        .mapToObj(i -> "a/k" + i)
        .filter(key -> !Chunking.DEFAULT.endsChunk(key, 0))
        .sorted()
        .limit(2)
        .toList();
  }

  /** A key after which a leaf ends, found by trying. */
  static String boundaryKey() {
    for (int i = 0; ; i++) {
      if (Chunking.DEFAULT.endsChunk("b/k" + i, 0)) {
        return "b/k" + i;
      }
    }
  }

  private static byte[] encode(int level, String... keys) {
    return NodeCodec.encode(
            level, Arrays.stream(keys).map(key -> new NodeEntry(key, H, 1)).toList())
        .data();
  }

  private static Node decode(byte[] data) {
    return NodeCodec.decode(StoredObject.of(ObjectKind.NODE, data), Chunking.DEFAULT);
  }

  private static void refused(byte[] data, String reason) {
    assertThatThrownBy(() -> decode(data))
        .isInstanceOf(MalformedNodeException.class)
        .hasMessageContaining(reason);
  }
}
