package dev.syncmesh.protocol.store;

import dev.syncmesh.protocol.model.Hash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An immutable object of the store: its kind, its bytes and their hash, SHA-256 over the kind's
 * code followed by the bytes. The bytes array is never modified once an object is made.
 */
public record StoredObject(Hash hash, ObjectKind kind, byte[] data) {

  /** Makes an object and computes its hash. */
  public static StoredObject of(ObjectKind kind, byte[] data) {
    return new StoredObject(hashOf(kind, data), kind, data);
  }

  public static Hash hashOf(ObjectKind kind, byte[] data) {
    MessageDigest sha256 = sha256();
    sha256.update(kind.code());
    sha256.update(data);
    return Hash.of(sha256.digest());
  }

  /** Whether the hash is the one the kind and bytes give: the check for objects from elsewhere. */
  public boolean verifies() {
    return hashOf(kind, data).equals(hash);
  }

  public int size() {
    return data.length;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
