package dev.syncmesh.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * What keeps a node without an API token safe from web pages in a browser on the same machine or
 * network. Such a page cannot read the node's answers across origins, but two tricks let it act:
 *
 * <ul>
 *   <li><b>DNS rebinding</b>: a name the attacker controls first points at the attacker's server,
 *       then at the node, and the page reads the node as its own origin. The request then carries
 *       the attacker's name in {@code Host}, so only hosts that cannot be rebound are served: IP
 *       literals, {@code localhost} names, the node's own {@code syncmesh.host} and the names an
 *       operator lists in {@code syncmesh.http.allowed-hosts}.
 *   <li><b>Cross-site requests</b>: a page anywhere can send a POST, PUT or DELETE it cannot read
 *       the answer of. Browsers say where such a request comes from in {@code Origin}; one that
 *       changes state is served only when its origin is the node's own (the same host and port as
 *       {@code Host}) or has a listed host. Requests without {@code Origin} (every client that is
 *       not a browser) pass.
 * </ul>
 *
 * Refusals are {@code 403} problems ({@code forbidden-host}, {@code forbidden-origin}) that change
 * nothing. With a token the token protects: a page cannot know it.
 */
public final class BrowserGuard {
  public static final String FORBIDDEN_HOST = "forbidden-host";
  public static final String FORBIDDEN_ORIGIN = "forbidden-origin";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final String ownHost;
  private final Set<String> listedHosts;

  /**
   * @param ownHost the node's {@code syncmesh.host}
   * @param listedHosts further names a browser may use to reach the node, and whose pages may
   *     change it ({@code syncmesh.http.allowed-hosts})
   */
  public BrowserGuard(String ownHost, List<String> listedHosts) {
    this.ownHost = ownHost.toLowerCase(Locale.ROOT);
    this.listedHosts =
        Set.copyOf(listedHosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).toList());
  }

  /** The route, served only to requests that pass both checks. */
  public Route guard(Supplier<Route> inner) {
    return Directives.extractRequest(
        request -> {
          Optional<String> host = header(request, "Host");
          if (host.isPresent() && !servesHost(hostName(host.get()))) {
            return refuse(
                FORBIDDEN_HOST,
                "Host '"
                    + shown(host.get())
                    + "' is not a name of this node: without SYNCMESH_API_TOKEN it answers only"
                    + " IP addresses, localhost and the names in SYNCMESH_HTTP_ALLOWED_HOSTS");
          }
          Optional<String> origin = header(request, "Origin");
          if (origin.isPresent()
              && !SAFE_METHODS.contains(request.method().value())
              && !servesOrigin(origin.get(), host.orElse(""))) {
            return refuse(
                FORBIDDEN_ORIGIN,
                "a request from the web page at '"
                    + shown(origin.get())
                    + "' may not change this node: without SYNCMESH_API_TOKEN only its own pages"
                    + " and those of SYNCMESH_HTTP_ALLOWED_HOSTS may");
          }
          return inner.get();
        });
  }

  /** Whether a browser that named this host may have been sent here by a rebound name. */
  boolean servesHost(String name) {
    String host = name.toLowerCase(Locale.ROOT);
    return IPV4.matcher(host).matches()
        || host.contains(":") // an IPv6 literal, its brackets removed
        || host.equals("localhost")
        || host.endsWith(".localhost")
        || host.equals(ownHost)
        || listedHosts.contains(host);
  }

  /** Whether a state-changing request from this page's origin may go through. */
  boolean servesOrigin(String origin, String hostHeader) {
    URI uri;
    try {
      uri = URI.create(origin.trim());
    } catch (IllegalArgumentException e) {
      return false; // "null" (a sandboxed or file page) and anything unreadable
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      return false;
    }
    String originHost = uri.getHost().replaceAll("^\\[|\\]$", "").toLowerCase(Locale.ROOT);
    if (listedHosts.contains(originHost)) {
      return true;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    // The node's own pages: plain http (the API has no TLS of its own; behind a proxy that adds
    // it, the proxy's name is listed), the same host and port as the request's.
    return uri.getScheme().equalsIgnoreCase("http")
        && originHost.equals(hostName(hostHeader).toLowerCase(Locale.ROOT))
        && port == hostPort(hostHeader);
  }

  /** The name of a {@code Host} value: {@code [::1]:8080} is {@code ::1}, {@code a:1} is {@code a}. */
  static String hostName(String host) {
    String value = host.trim();
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      return close < 0 ? value : value.substring(1, close);
    }
    int colon = value.lastIndexOf(':');
    return colon < 0 ? value : value.substring(0, colon);
  }

  private static int hostPort(String host) {
    String value = host.trim();
    int colon = value.lastIndexOf(':');
    if (colon < 0 || value.endsWith("]")) {
      return 80;
    }
    try {
      return Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value);
  }

  private static String shown(String value) {
    return value.length() > 100 ? value.substring(0, 100) + "..." : value;
  }

  private static Route refuse(String type, String detail) {
    return Problem.of(StatusCodes.FORBIDDEN, type, detail).complete();
  }
}
