package dev.syncmesh.federation;

import dev.syncmesh.federation.PackFailure.Kind;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a pack frame by frame from a stream, holding one object at a time. Checks what the stream
 * alone can show (header, frame kinds, sizes against {@link PackLimits}, the end frame's counts,
 * nothing after it) and computes each object's hash from its bytes; what the objects mean is {@link
 * PackReceiver}'s business. Single use, not thread-safe.
 */
public final class PackReader {

  /** What {@link #next} finds. {@code End} and {@code Broken} are last. */
  public sealed interface Frame permits Section, Item, Patch, End, Broken {}

  /** The objects of this commit follow, then the commit itself. */
  public record Section(Hash commit) implements Frame {}

  public record Item(StoredObject object) implements Frame {}

  /** A node as a patch on {@code base}, a node the receiver is expected to hold. */
  public record Patch(Hash base, byte[] patch) implements Frame {}

  /** The end frame, its counts checked; {@code more}: the writer stopped at its limits. */
  public record End(long objects, long objectBytes, boolean more) implements Frame {}

  public record Broken(PackFailure failure) implements Frame {}

  private static final class Refused extends Exception {
    final transient PackFailure failure;

    Refused(Kind kind, String message) {
      super(message, null, false, false);
      this.failure = new PackFailure(kind, message);
    }
  }

  private final InputStream in;
  private final PackLimits limits;
  private long bytesRead;
  private long objects;
  private long objectBytes;
  private boolean started;
  private boolean finished;

  public PackReader(InputStream in, PackLimits limits) {
    this.in = new BufferedInputStream(in, 1 << 16);
    this.limits = limits;
  }

  /** The next frame; after {@code End} or {@code Broken} there is none. */
  public Frame next() {
    if (finished) {
      throw new IllegalStateException("the pack has been read to its end");
    }
    Frame frame;
    try {
      frame = read();
    } catch (Refused e) {
      frame = new Broken(e.failure);
    } catch (IOException e) {
      frame =
          new Broken(
              new PackFailure(
                  Kind.IO,
                  "reading the pack failed after "
                      + bytesRead
                      + " bytes: "
                      + (e.getMessage() == null ? "the stream broke" : e.getMessage())));
    }
    finished = frame instanceof End || frame instanceof Broken;
    return frame;
  }

  /** Bytes consumed so far, header and framing included. */
  public long bytesRead() {
    return bytesRead;
  }

  private Frame read() throws IOException, Refused {
    if (!started) {
      readHeader();
      started = true;
    }
    int type = in.read();
    if (type < 0) {
      throw new Refused(
          Kind.TRUNCATED, "the pack ended after " + objects + " objects without its end frame");
    }
    bytesRead++;
    if (type == PackFormat.END) {
      return readEnd();
    }
    if (type == PackFormat.SECTION) {
      return new Section(Hash.of(readBytes(Hash.BYTES)));
    }
    if (type == PackFormat.NODE_PATCH) {
      byte[] payload = readPayload(ObjectKind.NODE);
      if (payload.length <= Hash.BYTES) {
        throw new Refused(
            Kind.MALFORMED, "a node patch of " + payload.length + " bytes is too short");
      }
      return new Patch(
          Hash.of(Arrays.copyOf(payload, Hash.BYTES)),
          Arrays.copyOfRange(payload, Hash.BYTES, payload.length));
    }
    if (type < 1 || type > 3) {
      throw new Refused(Kind.MALFORMED, "frame kind " + type + " is unknown");
    }
    return new Item(readObject(ObjectKind.ofCode(type)));
  }

  private void readHeader() throws IOException, Refused {
    byte[] header = in.readNBytes(PackFormat.MAGIC.length + 1);
    bytesRead += header.length;
    if (header.length >= PackFormat.MAGIC.length
        && !Arrays.equals(
            header, 0, PackFormat.MAGIC.length, PackFormat.MAGIC, 0, PackFormat.MAGIC.length)) {
      throw new Refused(Kind.MALFORMED, "this is not a SyncMesh pack");
    }
    if (header.length < PackFormat.MAGIC.length + 1) {
      throw new Refused(Kind.TRUNCATED, "the pack ended inside its header");
    }
    int version = header[PackFormat.MAGIC.length] & 0xFF;
    if (version != PackFormat.VERSION) {
      throw new Refused(Kind.MALFORMED, "pack version " + version + " is not supported");
    }
  }

  private StoredObject readObject(ObjectKind kind) throws IOException, Refused {
    return StoredObject.of(kind, readPayload(kind));
  }

  private byte[] readPayload(ObjectKind kind) throws IOException, Refused {
    long length = readNumber();
    int limit = PackLimits.maxObjectBytes(kind);
    if (length > limit) {
      throw new Refused(
          Kind.TOO_LARGE, "a " + kind + " of " + length + " bytes is over the limit of " + limit);
    }
    if (objects + 1 > limits.maxObjects() || objectBytes + length > limits.maxBytes()) {
      throw new Refused(
          Kind.TOO_LARGE,
          "the pack is over its limit of "
              + limits.maxObjects()
              + " objects or "
              + limits.maxBytes()
              + " bytes");
    }
    byte[] data = readBytes((int) length);
    objects++;
    objectBytes += length;
    return data;
  }

  private End readEnd() throws IOException, Refused {
    long count = readNumber();
    long bytes = readNumber();
    int flag = readBytes(1)[0];
    if (flag != PackFormat.DONE && flag != PackFormat.MORE) {
      throw new Refused(Kind.MALFORMED, "the end frame's flag " + flag + " is unknown");
    }
    if (count != objects || bytes != objectBytes) {
      throw new Refused(
          Kind.MALFORMED,
          "the end frame counts "
              + count
              + " objects of "
              + bytes
              + " bytes; "
              + objects
              + " objects of "
              + objectBytes
              + " bytes arrived");
    }
    if (in.read() >= 0) {
      throw new Refused(Kind.MALFORMED, "bytes follow the end frame");
    }
    return new End(count, bytes, flag == PackFormat.MORE);
  }

  private byte[] readBytes(int length) throws IOException, Refused {
    byte[] bytes = in.readNBytes(length);
    bytesRead += bytes.length;
    if (bytes.length < length) {
      throw new Refused(
          Kind.TRUNCATED, "the pack ended inside a frame after " + objects + " objects");
    }
    return bytes;
  }

  /** An unsigned LEB128 number of at most 63 bits, in its shortest form. */
  private long readNumber() throws IOException, Refused {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      int b = in.read();
      if (b < 0) {
        throw new Refused(
            Kind.TRUNCATED, "the pack ended inside a frame after " + objects + " objects");
      }
      bytesRead++;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw new Refused(Kind.MALFORMED, "a number is encoded with extra bytes");
        }
        return value;
      }
    }
    throw new Refused(Kind.MALFORMED, "a number is longer than 63 bits");
  }
}
