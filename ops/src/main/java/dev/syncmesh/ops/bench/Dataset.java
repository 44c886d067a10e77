package dev.syncmesh.ops.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.model.RecordKey;
import dev.syncmesh.protocol.model.RecordValue;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import dev.syncmesh.tree.ProllyTree;
import dev.syncmesh.tree.TreeEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/** Synthetic issue-tracker records: {@code issues/i-0000042 -> {title, state, priority, body}}. */
final class Dataset {
  private Dataset() {}

  static RecordKey key(int i) {
    return new RecordKey("issues", String.format("i-%08d", i));
  }

  static RecordValue issue(int i, String title, String state) {
    ObjectNode json = CanonicalJson.mapper().createObjectNode();
    json.put("title", title);
    json.put("state", state);
    json.put("priority", i % 5);
    json.put("body", "Steps to reproduce issue " + i + ": open the page, click, observe.");
    return RecordValue.of(json);
  }

  /** Writes {@code records} issues and builds their tree; returns the root. */
  static Hash build(ObjectStore store, ProllyTree tree, int records) {
    Iterator<TreeEntry> entries =
        new Iterator<>() {
          private int next = 0;
          private final List<StoredObject> pending = new ArrayList<>();

          @Override
          public boolean hasNext() {
            return next < records;
          }

          @Override
          public TreeEntry next() {
            if (next % 10_000 == 0) {
              flush();
            }
            RecordValue value = issue(next, "Issue " + next, "open");
            pending.add(value.blob());
            TreeEntry entry = new TreeEntry(key(next), value.hash());
            next++;
            if (next == records) {
              flush();
            }
            return entry;
          }

          private void flush() {
            store.putAll(pending);
            pending.clear();
          }
        };
    return tree.build(entries);
  }

  /**
   * {@code changes} edits of field {@code field} on distinct random records drawn from those with
   * {@code i % 2 == parity}, so two sides with different parities never touch the same record.
   */
  static NavigableMap<RecordKey, Optional<Hash>> edits(
      ObjectStore store, int records, int changes, int parity, String field, Random random) {
    NavigableMap<RecordKey, Optional<Hash>> edits = new TreeMap<>();
    List<StoredObject> blobs = new ArrayList<>();
    while (edits.size() < changes) {
      int i = random.nextInt(records / 2) * 2 + parity;
      String stamp = field + "-" + random.nextInt(1_000_000);
      RecordValue value =
          field.equals("title") ? issue(i, stamp, "open") : issue(i, "Issue " + i, stamp);
      if (edits.put(key(i), Optional.of(value.hash())) == null) {
        blobs.add(value.blob());
      }
    }
    store.putAll(blobs);
    return edits;
  }
}
