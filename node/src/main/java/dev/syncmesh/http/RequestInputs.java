package dev.syncmesh.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.history.Frontier;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks of the inputs the peer API takes besides names, keys and values (which the data model
 * checks): actors, messages, paging and commit parameters. Each failure is a 400 problem.
 */
final class RequestInputs {
  static final String DEFAULT_ACTOR = "api";
  static final int MAX_ACTOR = 128;
  static final int MAX_MESSAGE = 16 * 1024;

  private RequestInputs() {}

  /** Who writes: 1 to 128 printable characters; {@code api} when not given. */
  static String actor(Optional<String> given) {
    if (given.isEmpty()) {
      return DEFAULT_ACTOR;
    }
    String actor = given.get().strip();
    if (actor.isEmpty() || actor.length() > MAX_ACTOR || actor.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException(
          "invalid-actor",
          "the actor must be 1 to " + MAX_ACTOR + " characters without control characters");
    }
    return actor;
  }

  /** A commit message, or null for a generated one. */
  static String message(String message) {
    if (message == null) {
      return null;
    }
    if (message.isBlank() || message.length() > MAX_MESSAGE) {
      throw new InvalidInputException(
          "invalid-message", "a commit message must be 1 to " + MAX_MESSAGE + " characters, not blank");
    }
    return message;
  }

  /** An integer query parameter in {@code [1, max]}, or {@code fallback} when absent. */
  /** A position in a list: an integer from 0, or 0 when not given. */
  static int index(Optional<String> given, String name) {
    if (given.isEmpty()) {
      return 0;
    }
    try {
      int value = Integer.parseInt(given.get());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(
        Problem.INVALID_PARAMETER,
        "the query parameter '" + name + "' must be an integer from 0");
  }

  static int limit(Optional<String> given, String name, int fallback, int max) {
    if (given.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(given.get());
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(
        Problem.INVALID_PARAMETER,
        "the query parameter '" + name + "' must be an integer from 1 to " + max);
  }

  /** A commit hash parameter; absent or empty is null. */
  static Hash commit(Optional<String> given) {
    return given.filter(text -> !text.isEmpty()).map(Hash::parse).orElse(null);
  }

  /**
   * Where a change feed starts: commits separated by commas (at most {@link Frontier#MAX_TIPS});
   * absent or empty is the start of history.
   */
  static Frontier since(Optional<String> given) {
    if (given.isEmpty() || given.get().isEmpty()) {
      return Frontier.START;
    }
    String[] commits = given.get().split(",", -1);
    if (commits.length > Frontier.MAX_TIPS) {
      throw new InvalidInputException(
          Problem.INVALID_PARAMETER, "since names at most " + Frontier.MAX_TIPS + " commits");
    }
    return Frontier.of(Arrays.stream(commits).map(text -> Hash.parse(text.strip())).toList());
  }

  static RecordKey key(Optional<String> given) {
    return given.filter(text -> !text.isEmpty()).map(RecordKey::parse).orElse(null);
  }

  static String collection(Optional<String> given) {
    return given.filter(text -> !text.isEmpty()).map(RecordKey::requireCollection).orElse(null);
  }

  /** A required text field of a body. */
  static String text(JsonNode node, String what) {
    if (node == null || !node.isTextual()) {
      throw new InvalidInputException(Problem.INVALID_REQUEST, what + " must be a string");
    }
    return node.asText();
  }
}
