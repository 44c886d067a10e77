package dev.syncmesh.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A SHA-256 digest, held as four longs so that equality and hashing come for free. Its text form
 * is 64 lower-case hex digits, which is also its JSON form (in API replies and in stored events).
 */
public record Hash(long w0, long w1, long w2, long w3) implements Comparable<Hash> {
  public static final int BYTES = 32;

  public static Hash of(byte[] digest) {
    if (digest.length != BYTES) {
      throw new IllegalArgumentException("a hash has 32 bytes, not " + digest.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(digest);
    return new Hash(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
  }

  /** Parses 64 hex digits; anything else is refused as invalid input. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Hash parse(String hex) {
    if (hex == null || hex.length() != 2 * BYTES) {
      throw new InvalidInputException(
          "invalid-hash", "hash " + Quote.of(hex) + " is not 64 hexadecimal digits");
    }
    try {
      return of(HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "invalid-hash", "hash " + Quote.of(hex) + " is not 64 hexadecimal digits");
    }
  }

  public byte[] bytes() {
    return ByteBuffer.allocate(BYTES).putLong(w0).putLong(w1).putLong(w2).putLong(w3).array();
  }

  @JsonValue
  public String hex() {
    return HexFormat.of().formatHex(bytes());
  }

  /** The first twelve hex digits, for people. */
  public String shortHex() {
    return hex().substring(0, 12);
  }

  @Override
  public int compareTo(Hash other) {
    int c = Long.compareUnsigned(w0, other.w0);
    if (c == 0) c = Long.compareUnsigned(w1, other.w1);
    if (c == 0) c = Long.compareUnsigned(w2, other.w2);
    if (c == 0) c = Long.compareUnsigned(w3, other.w3);
    return c;
  }

  @Override
  public String toString() {
    return hex();
  }
}
