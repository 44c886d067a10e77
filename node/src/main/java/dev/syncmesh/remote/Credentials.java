package dev.syncmesh.remote;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tokens this node sends to remotes in other meshes, by credential name: {@code east} is read
 * from {@code SYNCMESH_CREDENTIAL_EAST}. Only names travel in remotes and events; the token is
 * read when a link is made and never printed.
 */
public final class Credentials {
  private static final String PREFIX = "SYNCMESH_CREDENTIAL_";

  private final Function<String, String> environment;

  /** @param environment looks a variable up ({@code System::getenv} in production) */
  public Credentials(Function<String, String> environment) {
    this.environment = environment;
  }

  public static Credentials fromEnvironment() {
    return new Credentials(System::getenv);
  }

  /** The variable that holds the credential {@code name}. */
  public static String variable(String name) {
    return PREFIX + name.toUpperCase(Locale.ROOT);
  }

  /** The token of credential {@code name}, if its variable is set and not blank. */
  public Optional<String> token(String name) {
    String token = environment.apply(variable(name));
    return token == null || token.isBlank() ? Optional.empty() : Optional.of(token.trim());
  }
}
