package dev.syncmesh.node;

/**
 * The node cannot start: bad configuration, a port in use, an unreachable database. The message
 * is one line meant for the operator, naming the setting (environment variable) to fix.
 */
public final class NodeStartException extends RuntimeException {
  public NodeStartException(String message) {
    super(message);
  }

  public NodeStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
