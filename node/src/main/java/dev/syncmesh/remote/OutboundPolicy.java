package dev.syncmesh.remote;

import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.sync.Remote;
import dev.syncmesh.sync.RemotePolicy;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where this node sends requests and credentials. A remote in another mesh over plain {@code
 * http://} must be on loopback unless {@code SYNCMESH_ALLOW_PLAIN_HTTP} is on (its token, and the
 * data, would cross the network in clear text). A remote with a credential must point at one of the
 * origins of {@code SYNCMESH_CREDENTIAL_<NAME>_URL}: the token goes nowhere else, whatever URL a
 * caller of the API gives, and a credential without that variable is sent nowhere.
 */
public final class OutboundPolicy implements RemotePolicy {
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");

  private final Credentials credentials;
  private final boolean allowPlainHttp;

  public OutboundPolicy(Credentials credentials, boolean allowPlainHttp) {
    this.credentials = credentials;
    this.allowPlainHttp = allowPlainHttp;
  }

  @Override
  public void check(Remote remote) {
    if (remote.url() == null) {
      return;
    }
    URI url = URI.create(remote.url());
    String host = url.getHost().toLowerCase(Locale.ROOT);
    if ("http".equals(url.getScheme()) && !allowPlainHttp && !loopback(host)) {
      throw new InvalidInputException(
          "invalid-remote",
          "remote "
              + remote.name()
              + ": plain http:// to "
              + host
              + " is refused (only loopback may be reached without TLS): use https://, or set"
              + " SYNCMESH_ALLOW_PLAIN_HTTP=on on this node");
    }
    if (remote.credential() == null) {
      return;
    }
    Set<String> origins = credentials.origins(remote.credential());
    String variable = Credentials.variable(remote.credential()) + Credentials.URL_SUFFIX;
    if (origins.isEmpty()) {
      throw refused(
          remote,
          "is not bound to any origin: set "
              + variable
              + " on this node to the origins it may be sent to (e.g. https://mesh.example:8080)");
    }
    String origin = Credentials.origin(url);
    if (!origins.contains(origin)) {
      throw refused(
          remote,
          "may be sent only to " + String.join(", ", origins) + " (" + variable + "), not to " + origin);
    }
  }

  private static InvalidInputException refused(Remote remote, String why) {
    return new InvalidInputException(
        "invalid-remote", "remote " + remote.name() + ": credential '" + remote.credential() + "' " + why);
  }

  /** Loopback by name or address; other names are not resolved (their answer could change). */
  static boolean loopback(String host) {
    return host.equals("localhost")
        || IPV4_LOOPBACK.matcher(host).matches()
        || host.equals("[::1]")
        || host.equals("::1");
  }
}
