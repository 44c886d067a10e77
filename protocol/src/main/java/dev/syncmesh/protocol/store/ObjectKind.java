package dev.syncmesh.protocol.store;

/** What an object in the store is; its code is part of the object's hash. */
public enum ObjectKind {
  BLOB(1),
  NODE(2),
  COMMIT(3);

  private final byte code;

  ObjectKind(int code) {
    this.code = (byte) code;
  }

  public byte code() {
    return code;
  }

  public static ObjectKind ofCode(int code) {
    for (ObjectKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown object kind " + code);
  }
}
