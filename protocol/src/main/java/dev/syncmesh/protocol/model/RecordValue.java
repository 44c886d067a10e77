package dev.syncmesh.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.store.ObjectKind;
import dev.syncmesh.protocol.store.StoredObject;
import java.util.Locale;

/**
 * The value of a record: a JSON object of at most 1 MiB in canonical form. Made only through
 * {@link #of}, which checks it, so a {@code RecordValue} is always valid. Its hash is the hash of
 * the blob object that stores it.
 */
public final class RecordValue {
  public static final int MAX_BYTES = 1 << 20;
  /**
   * A top-level field may not have this name: a conflict on it would read as a record-level
   * conflict ({@code Conflict.RECORD}), whose resolution to nothing deletes the record.
   */
  public static final String RESERVED_FIELD = "*";

  private final ObjectNode json;
  private final StoredObject blob;

  private RecordValue(ObjectNode json, StoredObject blob) {
    this.json = json;
    this.blob = blob;
  }

  /** Validates and canonicalises a parsed value. */
  public static RecordValue of(JsonNode value) {
    if (value == null || !value.isObject()) {
      throw new InvalidInputException(
          "invalid-value",
          "a record value must be a JSON object, not "
              + (value == null ? "nothing" : value.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    if (value.has(RESERVED_FIELD)) {
      throw new InvalidInputException(
          "invalid-value",
          "a record value may not have a top-level field named \""
              + RESERVED_FIELD
              + "\": conflicts use that name for the whole record");
    }
    byte[] canonical = CanonicalJson.bytes(value);
    if (canonical.length > MAX_BYTES) {
      throw new InvalidInputException(
          "value-too-large",
          "a record value is "
              + canonical.length
              + " bytes in canonical form; the limit is "
              + MAX_BYTES);
    }
    return new RecordValue((ObjectNode) value, StoredObject.of(ObjectKind.BLOB, canonical));
  }

  /** Parses and validates JSON text. */
  public static RecordValue parse(byte[] json) {
    if (json.length > 4 * MAX_BYTES) {
      throw new InvalidInputException(
          "value-too-large", "a record body of " + json.length + " bytes is far over the limit");
    }
    return of(CanonicalJson.parse(json));
  }

  /** Reads back a blob that this class wrote; its bytes are canonical already. */
  public static RecordValue fromBlob(StoredObject blob) {
    if (blob.kind() != ObjectKind.BLOB) {
      throw new IllegalArgumentException("object " + blob.hash() + " is a " + blob.kind());
    }
    return new RecordValue((ObjectNode) CanonicalJson.parse(blob.data()), blob);
  }

  /** The value as a JSON object. Callers must not modify it. */
  public ObjectNode json() {
    return json;
  }

  public byte[] canonicalBytes() {
    return blob.data();
  }

  public Hash hash() {
    return blob.hash();
  }

  public StoredObject blob() {
    return blob;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecordValue that && that.hash().equals(hash());
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  @Override
  public String toString() {
    return CanonicalJson.text(json);
  }
}
