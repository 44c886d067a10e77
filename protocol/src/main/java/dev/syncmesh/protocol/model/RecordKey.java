package dev.syncmesh.protocol.model;

/**
 * The key of a record, {@code collection/id}. Keys order as their text does (all characters are
 * ASCII, so this is also their byte order), which is the order of every listing and tree.
 */
public record RecordKey(String collection, String id) implements Comparable<RecordKey> {
  private static final int MAX_COLLECTION = 63;
  private static final int MAX_ID = 128;

  public RecordKey {
    requireCollection(collection);
    if (!validId(id)) {
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
    if (!validCollection(collection)) {
      throw new InvalidInputException(
          "invalid-key",
          "collection "
              + Quote.of(collection)
              + " is not valid: use 1 to 63 characters of a-z, 0-9, '_' and '-', starting with a"
              + " letter");
    }
    return collection;
  }

  /** {@code [a-z][a-z0-9_-]{0,62}}, checked without a regular expression (keys are hot). */
  private static boolean validCollection(String collection) {
    if (collection == null || collection.isEmpty() || collection.length() > MAX_COLLECTION) {
      return false;
    }
    char first = collection.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < collection.length(); i++) {
      char c = collection.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@code [A-Za-z0-9._:-]{1,128}}. */
  private static boolean validId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Refuses the ids {@code .} and {@code ..} for a value a client writes: they are valid keys, but
   * URL paths cannot carry them (clients and the API server remove dot segments, encoded or not), so
   * such a record could never be read, written or deleted through {@code /records/{key}}. Checked
   * where clients write, not where stored trees are read, so keys already stored stay readable
   * (and deletable through a transaction).
   */
  public RecordKey requireAddressable() {
    if (id.equals(".") || id.equals("..")) {
      throw new InvalidInputException(
          "invalid-key",
          "record id "
              + Quote.of(id)
              + " cannot be written: URL paths cannot carry the dot segments \".\" and \"..\"");
    }
    return this;
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
