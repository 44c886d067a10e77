package dev.syncmesh.protocol.model;

/**
 * Input that breaks a rule of the data model (a bad name, key or value). Thrown at the edge,
 * before anything is stored; {@link #problem()} is the stable, machine-readable error type.
 */
public final class InvalidInputException extends RuntimeException {
  private final String problem;

  public InvalidInputException(String problem, String message) {
    super(message);
    this.problem = problem;
  }

  /** A stable identifier such as {@code invalid-key}, used as the problem type of an HTTP error. */
  public String problem() {
    return problem;
  }
}
