package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.protocol.model.InvalidInputException;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which federation tokens (by the names of {@code SYNCMESH_TOKENS}) may pull a peer and which may
 * push to it. Nobody may by default.
 */
public record Access(List<String> pull, List<String> push) implements CborSerializable {
  public static final Access NONE = new Access(List.of(), List.of());
  public static final int MAX_NAMES = 256;
  private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public Access {
    pull = names(pull, "pull");
    push = names(push, "push");
  }

  public boolean mayPull(String tokenName) {
    return tokenName != null && pull.contains(tokenName);
  }

  public boolean mayPush(String tokenName) {
    return tokenName != null && push.contains(tokenName);
  }

  private static List<String> names(List<String> given, String what) {
    if (given == null) {
      return List.of();
    }
    if (given.size() > MAX_NAMES) {
      throw new InvalidInputException(
          "invalid-access", "at most " + MAX_NAMES + " token names may " + what);
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String name : given) {
      if (name == null || !TOKEN_NAME.matcher(name).matches()) {
        throw new InvalidInputException(
            "invalid-access",
            "token name "
                + (name == null ? "null" : "'" + (name.length() > 80 ? name.substring(0, 80) : name) + "'")
                + " in \""
                + what
                + "\" is not valid: use 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
      }
      sorted.add(name);
    }
    return List.copyOf(sorted);
  }
}
