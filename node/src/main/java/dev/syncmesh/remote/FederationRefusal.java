package dev.syncmesh.remote;

import dev.syncmesh.federation.PackFailure;
import java.util.Locale;

/**
 * A federation request refused, as the API reports it: an HTTP status and a stable problem type
 * ({@code unauthorized}, {@code forbidden}, {@code pack-hash-mismatch}, ...). An expected outcome
 * of bad or hostile input, not a fault of this node.
 */
public final class FederationRefusal extends RuntimeException {
  private final int status;
  private final String type;

  public FederationRefusal(int status, String type, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
  }

  /** A pack refused for {@code failure}: 413 when too large, 422 otherwise. */
  static FederationRefusal of(PackFailure failure) {
    int status = failure.kind() == PackFailure.Kind.TOO_LARGE ? 413 : 422;
    return new FederationRefusal(status, packType(failure.kind()), failure.message());
  }

  /** {@code pack-hash-mismatch} for {@code HASH_MISMATCH}, and so on. */
  public static String packType(PackFailure.Kind kind) {
    return "pack-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }
}
