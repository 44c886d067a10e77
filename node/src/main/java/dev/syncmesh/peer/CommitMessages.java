package dev.syncmesh.peer;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Generated commit messages. Auto-commits read {@code syncmesh: <command> (auto-commit) by <actor>
 * [<ids>]} (docs/API.md): the record ids of the commit, de-duplicated, sorted, at most {@value
 * #MAX_IDS}, brackets omitted when there are none. Explicit commits and transactions without a
 * message of their own read the same without {@code (auto-commit)}.
 */
final class CommitMessages {
  static final int MAX_IDS = 5;

  private CommitMessages() {}

  static String auto(String command, String actor, Collection<String> ids) {
    return "syncmesh: " + command + " (auto-commit) by " + actor + ids(ids);
  }

  static String generated(String command, String actor, Collection<String> ids) {
    return "syncmesh: " + command + " by " + actor + ids(ids);
  }

  private static String ids(Collection<String> ids) {
    TreeSet<String> sorted = new TreeSet<>(ids);
    if (sorted.isEmpty()) {
      return "";
    }
    return " [" + String.join(", ", sorted.stream().limit(MAX_IDS).toList()) + "]";
  }
}
