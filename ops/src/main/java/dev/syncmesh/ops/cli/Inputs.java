package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.PeerName;
import dev.syncmesh.protocol.model.RecordKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Checks what the user typed with the data model's own rules before anything is sent, so that a
 * typo costs no request and gets exit code 6.
 */
final class Inputs {
  private Inputs() {}

  static String peer(String name) throws CliException {
    return check(() -> PeerName.of(name).value());
  }

  static RecordKey key(String key) throws CliException {
    return check(() -> RecordKey.parse(key));
  }

  static String collection(String collection) throws CliException {
    return collection == null ? null : check(() -> RecordKey.requireCollection(collection));
  }

  /** A commit hash, or null when none was given. */
  static String commit(String hash) throws CliException {
    return hash == null || hash.isEmpty() ? hash : check(() -> Hash.parse(hash).hex());
  }

  /**
   * The text of a JSON argument: the argument itself, {@code @file} for a file's contents, or
   * {@code -} for stdin.
   */
  static String text(String argument, InputStream stdin) throws CliException {
    try {
      if ("-".equals(argument)) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (argument.startsWith("@")) {
        return Files.readString(Path.of(argument.substring(1)), StandardCharsets.UTF_8);
      }
      return argument;
    } catch (IOException | RuntimeException e) {
      String from = "-".equals(argument) ? "stdin" : "file " + argument.substring(1);
      throw CliException.invalid("unreadable input", "cannot read " + from);
    }
  }

  /** A record value: a JSON object. */
  static JsonNode recordValue(String text, String what) throws CliException {
    JsonNode value = Json.parse(text, what);
    if (!value.isObject()) {
      throw CliException.invalid("invalid value", what + " must be a JSON object");
    }
    return value;
  }

  /** A key whose id a URL path can carry (not {@code .} or {@code ..}). */
  static RecordKey addressable(RecordKey key) throws CliException {
    return check(key::requireAddressable);
  }

  private static <T> T check(Supplier<T> parse) throws CliException {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      throw CliException.invalid(e.problem().replace('-', ' '), e.getMessage());
    }
  }
}
