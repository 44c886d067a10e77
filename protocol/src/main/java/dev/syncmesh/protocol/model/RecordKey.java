package dev.syncmesh.protocol.model;

import java.util.regex.Pattern;

/**
 * The key of a record, {@code collection/id}. Keys order as their text does (all characters are
 * ASCII, so this is also their byte order), which is the order of every listing and tree.
 */
public record RecordKey(String collection, String id) implements Comparable<RecordKey> {
  private static final Pattern COLLECTION = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  public RecordKey {
    requireCollection(collection);
    if (id == null || !ID.matcher(id).matches()) {
      throw new InvalidInputException(
          "invalid-key",
          "record id "
              + Quote.of(id)
              + " is not valid: use 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
    }
  }

  /** Parses {@code collection/id}. */
  public static RecordKey parse(String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    if (slash < 0) {
      throw new InvalidInputException(
          "invalid-key", "record key " + Quote.of(key) + " is not of the form collection/id");
    }
    return new RecordKey(key.substring(0, slash), key.substring(slash + 1));
  }

  /** Checks a collection name on its own, as a listing filter does. */
  public static String requireCollection(String collection) {
    if (collection == null || !COLLECTION.matcher(collection).matches()) {
      throw new InvalidInputException(
          "invalid-key",
          "collection "
              + Quote.of(collection)
              + " is not valid: use 1 to 63 characters of a-z, 0-9, '_' and '-', starting with a"
              + " letter");
    }
    return collection;
  }

  @Override
  public int compareTo(RecordKey other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return collection + "/" + id;
  }
}
