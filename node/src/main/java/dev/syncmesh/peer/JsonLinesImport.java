package dev.syncmesh.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.PeerName;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.tree.ProllyTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * An import of JSON lines into a peer, fed in groups of lines as they stream in: each line is
 * checked and its value stored at once, and the keys go into trees in the store (the import's
 * whole key set, and the puts of each commit to come), so memory stays bounded by a group
 * whatever the file's size. Only when the last line is in does anything commit: a refused import
 * (a bad line without {@code skipBad}) commits nothing; the values it stored are garbage for the
 * collector. Commits hold at most {@code commitEvery} records each, in the order of the file.
 */
public final class JsonLinesImport {
  /** Records per commit by default, and at most: the limit of one transaction. */
  public static final int MAX_COMMIT_RECORDS = 100_000;

  /** Bad lines a refusal or a report names. */
  public static final int BAD_LINES_LISTED = 100;

  /**
   * How lines become records: with {@code idField}, each line is a record's value and its key is
   * {@code collection/<value of idField>}; without, each line is {@code {"key","value"}} (keys in
   * {@code collection} when given).
   */
  public record Options(
      String collection,
      String idField,
      String message,
      String actor,
      int commitEvery,
      boolean skipBad) {
    public Options {
      if (idField != null && collection == null) {
        throw new InvalidInputException(
            "invalid-parameter", "an import by idField needs the collection its records go to");
      }
      if (collection != null) {
        RecordKey.requireCollection(collection);
      }
      if (commitEvery < 1 || commitEvery > MAX_COMMIT_RECORDS) {
        throw new InvalidInputException(
            "invalid-parameter", "commitEvery must be from 1 to " + MAX_COMMIT_RECORDS);
      }
    }
  }

  /** One line of the file, numbered from 1. */
  public record Line(long number, byte[] bytes) {}

  public record Bad(long line, String reason) {}

  /** What an import did: records committed, bad lines skipped, the commits, the bad lines. */
  public record Result(long records, long skipped, List<Hash> commits, List<Bad> bad) {}

  private final PeerService peers;
  private final ObjectStore store;
  private final ProllyTree tree;
  private final Executor blocking;

  public JsonLinesImport(PeerService peers, ObjectStore store, ProllyTree tree, Executor blocking) {
    this.peers = peers;
    this.store = store;
    this.tree = tree;
    this.blocking = blocking;
  }

  /** An import into {@code peer} (which must exist). */
  public CompletionStage<Run> start(PeerName peer, Options options) {
    return peers.describe(peer).thenApply(info -> new Run(peer, options));
  }

  /** One import's progress; feed it groups in file order, then {@link #finish}. */
  public final class Run {
    private final PeerName peer;
    private final Options options;
    private final List<EditTrees> chunks = new ArrayList<>();
    private final List<Bad> bad = new ArrayList<>();
    private Hash allKeys = ProllyTree.EMPTY;
    private Hash chunk = ProllyTree.EMPTY;
    private int inChunk;
    private long records;
    private long badCount;

    private Run(PeerName peer, Options options) {
      this.peer = peer;
      this.options = options;
    }

    /** Checks and stores a group of lines on {@code blocking}; answers how many lines it took. */
    public CompletionStage<Integer> accept(List<Line> group) {
      return CompletableFuture.supplyAsync(
          () -> {
            take(group);
            return group.size();
          },
          blocking);
    }

    private void take(List<Line> group) {
      Map<RecordKey, Line> keys = new LinkedHashMap<>();
      Map<RecordKey, RecordValue> values = new LinkedHashMap<>();
      for (Line line : group) {
        try {
          Optional<Map.Entry<RecordKey, RecordValue>> record = parse(line);
          if (record.isEmpty()) {
            continue; // a blank line
          }
          RecordKey key = record.get().getKey();
          Line earlier = keys.putIfAbsent(key, line);
          if (earlier != null) {
            bad(line.number(), "key " + key + " is on line " + earlier.number() + " too");
            continue;
          }
          values.put(key, record.get().getValue());
        } catch (InvalidInputException e) {
          bad(line.number(), e.getMessage());
        }
      }
      for (RecordKey seen : tree.getAll(allKeys, values.keySet()).keySet()) {
        bad(keys.get(seen).number(), "key " + seen + " is on an earlier line too");
        values.remove(seen);
      }
      List<StoredObject> blobs = new ArrayList<>(values.size());
      values.values().forEach(value -> blobs.add(value.blob()));
      store.putAll(blobs);
      NavigableMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
      values.forEach((key, value) -> edits.put(key, Optional.of(value.hash())));
      allKeys = tree.apply(allKeys, edits);
      // Into commits of at most commitEvery records, in file order.
      NavigableMap<RecordKey, Optional<Hash>> part = new TreeMap<>();
      for (Map.Entry<RecordKey, RecordValue> record : values.entrySet()) {
        part.put(record.getKey(), Optional.of(record.getValue().hash()));
        if (++inChunk == options.commitEvery()) {
          chunk = tree.apply(chunk, part);
          chunks.add(new EditTrees(chunk, ProllyTree.EMPTY));
          part.clear();
          chunk = ProllyTree.EMPTY;
          inChunk = 0;
        }
      }
      chunk = tree.apply(chunk, part);
      records += values.size();
    }

    private Optional<Map.Entry<RecordKey, RecordValue>> parse(Line line) {
      if (blank(line.bytes())) {
        return Optional.empty();
      }
      JsonNode json;
      try {
        json = CanonicalJson.parse(line.bytes());
      } catch (InvalidInputException e) {
        throw new InvalidInputException("invalid-json", "not JSON: " + e.getMessage());
      }
      if (!json.isObject()) {
        throw new InvalidInputException("invalid-value", "not a JSON object");
      }
      RecordKey key;
      JsonNode value;
      if (options.idField() != null) {
        JsonNode id = json.get(options.idField());
        if (id == null || !id.isTextual()) {
          throw new InvalidInputException(
              "invalid-key", "no string \"" + options.idField() + "\" to take the record's id from");
        }
        key = new RecordKey(options.collection(), id.textValue());
        value = json;
      } else {
        JsonNode given = json.get("key");
        value = json.get("value");
        if (given == null || !given.isTextual() || value == null || json.size() != 2) {
          throw new InvalidInputException(
              "invalid-value", "a line must be {\"key\": \"collection/id\", \"value\": {...}}");
        }
        key = RecordKey.parse(given.textValue());
        if (options.collection() != null && !options.collection().equals(key.collection())) {
          throw new InvalidInputException(
              "invalid-key", "key " + key + " is not in collection " + options.collection());
        }
      }
      return Optional.of(Map.entry(key, RecordValue.of((ObjectNode) checkedObject(value))));
    }

    private static boolean blank(byte[] bytes) {
      for (byte b : bytes) {
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return true;
    }

    private JsonNode checkedObject(JsonNode value) {
      if (!value.isObject()) {
        throw new InvalidInputException("invalid-value", "the value is not a JSON object");
      }
      return value;
    }

    private void bad(long line, String reason) {
      badCount++;
      if (bad.size() < BAD_LINES_LISTED) {
        bad.add(new Bad(line, reason));
      }
    }

    /**
     * Commits the records, one commit after the other, unless a bad line refuses the import
     * ({@code invalid-import}, naming the first bad lines; nothing committed).
     */
    public CompletionStage<Result> finish() {
      if (badCount > 0 && !options.skipBad()) {
        StringBuilder detail =
            new StringBuilder(badCount + " bad line(s), nothing imported (--skip-bad skips them):");
        for (Bad line : bad.subList(0, Math.min(bad.size(), 20))) {
          detail.append(" line ").append(line.line()).append(": ").append(line.reason()).append(';');
        }
        throw new InvalidInputException("invalid-import", detail.toString());
      }
      if (inChunk > 0) {
        chunks.add(new EditTrees(chunk, ProllyTree.EMPTY));
        inChunk = 0;
      }
      List<Hash> commits = new ArrayList<>();
      CompletionStage<Void> done = CompletableFuture.completedFuture(null);
      for (int i = 0; i < chunks.size(); i++) {
        EditTrees edits = chunks.get(i);
        String message =
            (options.message() == null ? "import" : options.message())
                + (chunks.size() == 1 ? "" : " (" + (i + 1) + " of " + chunks.size() + ")");
        done =
            done.thenCompose(
                nothing ->
                    peers
                        .commitStored(peer, edits, message, options.actor())
                        .thenAccept(commit -> commits.add(commit.commit())));
      }
      return done.thenApply(nothing -> new Result(records, badCount, commits, List.copyOf(bad)));
    }
  }
}
