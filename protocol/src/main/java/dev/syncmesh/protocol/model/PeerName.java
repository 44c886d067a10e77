package dev.syncmesh.protocol.model;

import java.util.regex.Pattern;

/** The name of a peer: {@code [a-z0-9][a-z0-9-]{0,62}}. */
public record PeerName(String value) implements Comparable<PeerName> {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public PeerName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new InvalidInputException(
          "invalid-peer-name",
          "peer name "
              + Quote.of(value)
              + " is not valid: use 1 to 63 characters of a-z, 0-9 and '-', starting with a"
              + " letter or digit");
    }
  }

  public static PeerName of(String value) {
    return new PeerName(value);
  }

  @Override
  public int compareTo(PeerName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
