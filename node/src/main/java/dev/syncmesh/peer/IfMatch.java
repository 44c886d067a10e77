package dev.syncmesh.peer;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The condition of a conditional write ({@code If-Match}): {@code *} holds when the record exists,
 * a list of entity tags when its current hash is one of them.
 */
public record IfMatch(boolean anyExisting, List<Hash> tags) implements CborSerializable {
  public static final String INVALID = "invalid-precondition";

  public IfMatch {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** Parses the header: {@code *}, or one or more quoted hashes separated by commas. */
  public static IfMatch parse(String header) {
    String text = header.strip();
    if (text.equals("*")) {
      return new IfMatch(true, List.of());
    }
    List<Hash> tags = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String tag = part.strip();
      if (tag.startsWith("W/") || tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
        throw invalid(header);
      }
      try {
        tags.add(Hash.parse(tag.substring(1, tag.length() - 1)));
      } catch (InvalidInputException e) {
        throw invalid(header);
      }
    }
    return new IfMatch(false, tags);
  }

  public boolean holds(Optional<Hash> current) {
    return current.isPresent() && (anyExisting || tags.contains(current.get()));
  }

  /** The header's text, for messages. */
  public String describe() {
    return anyExisting ? "*" : String.join(", ", tags.stream().map(t -> "\"" + t + "\"").toList());
  }

  private static InvalidInputException invalid(String header) {
    String shown = header.length() > 80 ? header.substring(0, 80) + "..." : header;
    return new InvalidInputException(
        INVALID,
        "If-Match '" + shown + "' is not * or a list of strong ETags (a record hash in quotes)");
  }
}
