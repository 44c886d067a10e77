package dev.syncmesh.federation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The wire format of a pack, version 1:
 *
 * <pre>
 * header   "SMPK", version byte 1
 * frames   SECTION (0x10) + 32-byte commit hash: the objects of that commit follow, then the commit
 *          BLOB (1) | NODE (2) | COMMIT (3) + length (LEB128) + bytes; no hash: the receiver
 *          computes it
 *          NODE_PATCH (4) + length (LEB128) + base node hash (32) + NodePatch bytes: a node
 *          rebuilt from a node the receiver holds (its hash, too, computed by the receiver)
 *          END (0) + object count (LEB128) + object bytes (LEB128) + flag byte (0 done, 1 more)
 * </pre>
 *
 * Nothing may follow the end frame. Inside a section, objects come children before parents: in key
 * order, each blob at its record's key, each node at its last key after the nodes below it.
 */
final class PackFormat {
  static final byte[] MAGIC = "SMPK".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int END = 0;
  static final int NODE_PATCH = 4;
  static final int SECTION = 0x10;
  static final int DONE = 0;
  static final int MORE = 1;

  private PackFormat() {}

  static void writeNumber(OutputStream out, long value) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
