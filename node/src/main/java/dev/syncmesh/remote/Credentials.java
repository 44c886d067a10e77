package dev.syncmesh.remote;

import dev.syncmesh.protocol.model.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The tokens this node sends to remotes in other meshes, by credential name: {@code east} is read
 * from {@code SYNCMESH_CREDENTIAL_EAST}, and the origins it may be sent to from {@code
 * SYNCMESH_CREDENTIAL_EAST_URL} (comma-separated). Only names travel in remotes and events; the
 * token is read when a link is made and never printed.
 */
public final class Credentials {
  private static final String PREFIX = "SYNCMESH_CREDENTIAL_";
  /** The variable of a credential's origins is the credential's variable with this suffix. */
  public static final String URL_SUFFIX = "_URL";

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

  /**
   * The origins credential {@code name} may be sent to ({@code scheme://host[:port]}, default
   * ports left out), empty when its variable is unset; an entry that is not an http(s) origin is
   * refused, so that a typo cannot silently bind a credential to nothing.
   */
  public Set<String> origins(String name) {
    String variable = variable(name) + URL_SUFFIX;
    String value = environment.apply(variable);
    Set<String> origins = new TreeSet<>();
    if (value == null) {
      return origins;
    }
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        URI uri = new URI(entry.strip());
        boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        String path = uri.getRawPath();
        if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawUserInfo() != null
            || !(path == null || path.isEmpty() || path.equals("/"))) {
          throw new URISyntaxException(entry, "not an origin");
        }
        origins.add(origin(uri));
      } catch (URISyntaxException e) {
        throw new InvalidInputException(
            "invalid-remote",
            variable + " holds '" + entry.strip() + "', which is not an origin such as"
                + " https://mesh.example:8080");
      }
    }
    return origins;
  }

  /** {@code scheme://host[:port]} of {@code url}, lower case, without the scheme's default port. */
  public static String origin(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    boolean defaultPort =
        port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}
