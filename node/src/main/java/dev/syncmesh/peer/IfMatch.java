package dev.syncmesh.peer;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The condition of a conditional write ({@code If-Match}): {@code *} holds when the record exists,
 * a list of entity tags when its current hash is one of them (strong comparison: only the tags
 * that can match are kept).
 */
public record IfMatch(boolean anyExisting, List<Hash> tags) implements CborSerializable {
  public static final String INVALID = "invalid-precondition";

  public IfMatch {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /**
   * Parses the header as RFC 9110 defines it: {@code *}, or a comma-separated list of entity tags
   * ({@code "opaque"} or weak {@code W/"opaque"}). If-Match compares strongly, so a weak tag never
   * matches, nor does a strong tag that is no record hash: they are well-formed and dropped, and a
   * condition left without a tag fails (412). Anything else is malformed (400).
   */
  public static IfMatch parse(String header) {
    String text = header.strip();
    if (text.equals("*")) {
      return new IfMatch(true, List.of());
    }
    List<Hash> tags = new ArrayList<>();
    int at = 0;
    boolean any = false;
    while (at < text.length()) {
      at = skipSpace(text, at);
      if (at < text.length() && text.charAt(at) == ',') {
        at++; // an empty element of the list
        continue;
      }
      boolean weak = text.startsWith("W/", at);
      if (weak) {
        at += 2;
      }
      if (at >= text.length() || text.charAt(at) != '"') {
        throw invalid(header);
      }
      int close = at + 1;
      while (close < text.length() && isTagChar(text.charAt(close))) {
        close++;
      }
      if (close >= text.length() || text.charAt(close) != '"') {
        throw invalid(header);
      }
      String opaque = text.substring(at + 1, close);
      if (!weak) {
        hashOf(opaque).ifPresent(tags::add);
      }
      any = true;
      at = skipSpace(text, close + 1);
      if (at < text.length() && text.charAt(at++) != ',') {
        throw invalid(header);
      }
    }
    if (!any) {
      throw invalid(header);
    }
    return new IfMatch(false, tags);
  }

  /** etagc: {@code %x21 / %x23-7E / obs-text}. */
  private static boolean isTagChar(char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
  }

  private static int skipSpace(String text, int at) {
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at++;
    }
    return at;
  }

  private static Optional<Hash> hashOf(String opaque) {
    try {
      return Optional.of(Hash.parse(opaque));
    } catch (InvalidInputException notOurs) {
      return Optional.empty(); // a tag this node never gave: it matches nothing
    }
  }

  public boolean holds(Optional<Hash> current) {
    return current.isPresent() && (anyExisting || tags.contains(current.get()));
  }

  /** The condition's text, for messages. */
  public String describe() {
    if (anyExisting) {
      return "*";
    }
    return tags.isEmpty()
        ? "no tag that can match (weak, or not a record's)"
        : String.join(", ", tags.stream().map(t -> "\"" + t + "\"").toList());
  }

  private static InvalidInputException invalid(String header) {
    String shown = header.length() > 80 ? header.substring(0, 80) + "..." : header;
    return new InvalidInputException(
        INVALID,
        "If-Match '" + shown + "' is not * or a list of entity tags (\"...\" or W/\"...\")");
  }
}
