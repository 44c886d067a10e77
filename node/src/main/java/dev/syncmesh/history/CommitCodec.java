package dev.syncmesh.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Commits as canonical JSON: {@code {"author","generation","message","parents","time","tree"}},
 * hashes as 64 lower-case hex digits, time as ISO-8601 UTC text. Decoding is strict because commits
 * also arrive from other meshes: exactly these fields, each of its type, in canonical form, and a
 * hash that matches the bytes.
 */
final class CommitCodec {
  /** Far above any real commit; a bound so that a hostile peer cannot make us parse megabytes. */
  static final int MAX_BYTES = 256 * 1024;

  private static final Set<String> FIELDS =
      Set.of("tree", "parents", "author", "message", "time", "generation");

  private CommitCodec() {}

  static StoredObject encode(Commit commit) {
    ObjectNode json = CanonicalJson.mapper().createObjectNode();
    json.put("tree", commit.tree().hex());
    ArrayNode parents = json.putArray("parents");
    commit.parents().forEach(parent -> parents.add(parent.hex()));
    json.put("author", commit.author());
    json.put("message", commit.message());
    json.put("time", commit.time().toString());
    json.put("generation", commit.generation());
    return StoredObject.of(ObjectKind.COMMIT, CanonicalJson.bytes(json));
  }

  static Commit decode(StoredObject object) {
    if (object.kind() != ObjectKind.COMMIT) {
      throw invalid(object, "it is a " + object.kind() + " object, not a commit");
    }
    if (object.size() > MAX_BYTES) {
      throw invalid(object, "it is " + object.size() + " bytes; the limit is " + MAX_BYTES);
    }
    if (!object.verifies()) {
      throw invalid(object, "its hash does not match its content");
    }
    JsonNode json;
    try {
      json = CanonicalJson.parse(object.data());
    } catch (InvalidInputException e) {
      throw invalid(object, e.getMessage());
    }
    Commit commit;
    try {
      commit = fromJson(json);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw invalid(object, e.getMessage());
    }
    if (!Arrays.equals(CanonicalJson.bytes(json), object.data())
        || !Arrays.equals(encode(commit).data(), object.data())) {
      throw invalid(object, "it is not in canonical form");
    }
    return commit;
  }

  private static Commit fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("it is not a JSON object");
    }
    Set<String> names = new TreeSet<>();
    json.fieldNames().forEachRemaining(names::add);
    if (!names.equals(FIELDS)) {
      throw new IllegalArgumentException(
          "it has the fields " + names + ", not exactly " + new TreeSet<>(FIELDS));
    }
    JsonNode parentsJson = json.get("parents");
    if (!parentsJson.isArray()) {
      throw new IllegalArgumentException("parents is not an array");
    }
    List<Hash> parents = new ArrayList<>();
    for (JsonNode parent : parentsJson) {
      parents.add(Hash.parse(text(parent, "a parent")));
    }
    JsonNode generation = json.get("generation");
    if (!generation.isIntegralNumber() || !generation.canConvertToLong()) {
      throw new IllegalArgumentException("generation is not a whole number");
    }
    Instant time;
    try {
      time = Instant.parse(text(json.get("time"), "time"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("time is not an ISO-8601 instant");
    }
    return new Commit(
        Hash.parse(text(json.get("tree"), "tree")),
        parents,
        text(json.get("author"), "author"),
        text(json.get("message"), "message"),
        time,
        generation.longValue());
  }

  private static String text(JsonNode node, String what) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(what + " is not a string");
    }
    return node.textValue();
  }

  private static InvalidInputException invalid(StoredObject object, String why) {
    return new InvalidInputException(
        "invalid-commit", "object " + object.hash() + " is not a valid commit: " + why);
  }
}
