package dev.syncmesh.federation;

import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.tree.NodeLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Hand-made packs and nodes, for hostile input. */
public final class PackBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private long objects;
  private long bytes;

  public static PackBytes start() {
    PackBytes pack = new PackBytes();
    pack.raw(PackFormat.MAGIC).raw(new byte[] {PackFormat.VERSION});
    return pack;
  }

  public PackBytes raw(byte[] data) {
    out.writeBytes(data);
    return this;
  }

  public PackBytes number(long value) {
    try {
      PackFormat.writeNumber(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public PackBytes section(Hash commit) {
    out.write(PackFormat.SECTION);
    return raw(commit.bytes());
  }

  public PackBytes object(StoredObject object) {
    return object(object.kind().code(), object.data());
  }

  public PackBytes object(int kind, byte[] data) {
    out.write(kind);
    number(data.length).raw(data);
    objects++;
    bytes += data.length;
    return this;
  }

  /** A node as a patch on {@code base} (see NodePatch). */
  public PackBytes patch(Hash base, byte[] patch) {
    out.write(PackFormat.NODE_PATCH);
    number(Hash.BYTES + patch.length).raw(base.bytes()).raw(patch);
    objects++;
    bytes += Hash.BYTES + patch.length;
    return this;
  }

  public byte[] end() {
    out.write(PackFormat.END);
    number(objects).number(bytes);
    out.write(PackFormat.DONE);
    return out.toByteArray();
  }

  public byte[] cut() {
    return out.toByteArray();
  }

  public static StoredObject blob(String json) {
    return StoredObject.of(ObjectKind.BLOB, json.getBytes(StandardCharsets.UTF_8));
  }

  /** A node in the node format (see NodeCodec), whatever its content. */
  public static StoredObject node(int level, List<NodeLink> links) {
    ByteArrayOutputStream node = new ByteArrayOutputStream();
    node.write(1);
    node.write(level);
    try {
      PackFormat.writeNumber(node, links.size());
      for (NodeLink link : links) {
        byte[] key = link.key().getBytes(StandardCharsets.US_ASCII);
        PackFormat.writeNumber(node, key.length);
        node.write(key);
        node.write(link.target().bytes());
        if (level > 0) {
          PackFormat.writeNumber(node, link.count());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return StoredObject.of(ObjectKind.NODE, node.toByteArray());
  }
}
