package dev.syncmesh.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A bearer token a caller must present. Only its SHA-256 digest is kept, and presented tokens are
 * compared digest to digest in constant time, so neither timing nor length leaks the secret; the
 * token never appears in {@link #toString()}.
 */
public final class ApiToken {
  private final byte[] digest;

  private ApiToken(byte[] digest) {
    this.digest = digest;
  }

  /** A token from configuration; blank tokens are refused by the caller, not silently allowed. */
  public static ApiToken of(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a token must not be blank");
    }
    return new ApiToken(sha256(token));
  }

  /** Whether the presented token is this one. */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  @Override
  public String toString() {
    return "ApiToken[redacted]";
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
