package dev.syncmesh.sync;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.syncmesh.protocol.merge.Conflict;
import dev.syncmesh.protocol.model.CanonicalJson;
import dev.syncmesh.protocol.model.Hash;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.ObjectStore;
import dev.syncmesh.protocol.store.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The sync objects kept in the object store, as JSON: conflict lists, finished SyncResults and the
 * values a person chose. They are blobs that no tree refers to, so they never travel to another
 * mesh.
 */
public final class SyncJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private SyncJson() {}

  public static StoredObject object(Object value) {
    try {
      return StoredObject.of(ObjectKind.BLOB, MAPPER.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON value (a person's choice) as an object of canonical JSON. */
  public static StoredObject value(com.fasterxml.jackson.databind.JsonNode value) {
    return StoredObject.of(ObjectKind.BLOB, CanonicalJson.bytes(value));
  }

  public static com.fasterxml.jackson.databind.JsonNode readValue(ObjectStore store, Hash hash) {
    return CanonicalJson.parse(load(store, hash));
  }

  public static List<Conflict> conflicts(ObjectStore store, Hash hash) {
    if (hash == null) {
      return List.of();
    }
    return read(load(store, hash), new TypeReference<List<Conflict>>() {});
  }

  /** Conflicts from {@code from} on, and the index of the next one if more follow. */
  public record ConflictPage(List<Conflict> conflicts, Integer next) {}

  /**
   * A page of a stored conflict list, read as a stream: the conflicts before {@code from} are
   * skipped unparsed, and the page stops at {@code limit} conflicts or before their JSON passes
   * {@code maxBytes} (it holds at least one).
   */
  public static ConflictPage conflicts(
      ObjectStore store, Hash hash, int from, int limit, long maxBytes) {
    if (hash == null) {
      return new ConflictPage(List.of(), null);
    }
    byte[] json = load(store, hash);
    List<Conflict> page = new java.util.ArrayList<>();
    try (com.fasterxml.jackson.core.JsonParser parser = MAPPER.createParser(json)) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
        throw new IllegalStateException("conflict list " + hash + " is not a JSON array");
      }
      int index = 0;
      long bytes = 0;
      while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        if (index < from) {
          parser.skipChildren();
          index++;
          continue;
        }
        long start = parser.currentTokenLocation().getByteOffset();
        if (page.size() == limit) {
          return new ConflictPage(page, index);
        }
        Conflict conflict = MAPPER.readValue(parser, Conflict.class);
        bytes += parser.currentLocation().getByteOffset() - start;
        if (!page.isEmpty() && bytes > maxBytes) {
          return new ConflictPage(page, index);
        }
        page.add(conflict);
        index++;
      }
      return new ConflictPage(page, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stored result. */
  public static SyncResult result(StoredObject object) {
    return read(object.data(), new TypeReference<SyncResult>() {});
  }

  public static SyncResult result(ObjectStore store, Hash hash) {
    return read(load(store, hash), new TypeReference<SyncResult>() {});
  }

  /** Several results, read in one go, in the order of {@code hashes}. */
  public static List<SyncResult> results(ObjectStore store, List<Hash> hashes) {
    Map<Hash, StoredObject> found = store.getAll(hashes);
    List<SyncResult> results = new java.util.ArrayList<>(hashes.size());
    for (Hash hash : hashes) {
      StoredObject object = found.get(hash);
      if (object == null) {
        throw new IllegalStateException("sync result " + hash + " is not in the object store");
      }
      results.add(read(object.data(), new TypeReference<SyncResult>() {}));
    }
    return results;
  }

  private static byte[] load(ObjectStore store, Hash hash) {
    Map<Hash, StoredObject> found = store.getAll(List.of(hash));
    StoredObject object = found.get(hash);
    if (object == null) {
      throw new IllegalStateException("sync object " + hash + " is not in the object store");
    }
    return object.data();
  }

  private static <T> T read(byte[] json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
