package dev.syncmesh.sync;

import dev.syncmesh.CborSerializable;
import dev.syncmesh.merge.MergeRules;
import dev.syncmesh.protocol.merge.MergeStrategy;
import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.protocol.model.PeerName;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A remote of a peer: another peer of this mesh ({@code url} null) or of another mesh ({@code
 * url}, and the {@code credential} whose token the node reads from {@code
 * SYNCMESH_CREDENTIAL_<NAME>}); whether sessions push to it; an optional schedule; and how its
 * sessions merge by default: a {@code strategy} for syncs that name none (scheduled ones
 * included; null leaves conflicts for a person) and {@code mergeRules} over the peer's own; and
 * which way sessions go ({@code mode}). The record holds the credential's name only, never a
 * token.
 */
public record Remote(
    String name,
    String peer,
    String url,
    String credential,
    boolean push,
    Integer syncEverySeconds,
    MergeStrategy strategy,
    MergeRules mergeRules,
    RemoteMode mode)
    implements CborSerializable {
  /** Remote names follow the rules of peer names. */
  private static final Pattern CREDENTIAL = Pattern.compile("[a-z0-9][a-z0-9_]{0,62}");

  public static final int MIN_SYNC_EVERY_SECONDS = 1;
  public static final int MAX_SYNC_EVERY_SECONDS = 7 * 24 * 3600;
  public static final int MAX_URL = 2048;

  /** A remote without merge defaults. */
  public Remote(
      String name, String peer, String url, String credential, boolean push, Integer syncEverySeconds) {
    this(name, peer, url, credential, push, syncEverySeconds, null, null, null);
  }

  public Remote {
    mergeRules = mergeRules == null ? MergeRules.NONE : mergeRules; // remotes stored before rules
    mode = mode == null ? RemoteMode.TWO_WAY : mode; // and before modes
    name = validName(name);
    peer = PeerName.of(peer).value();
    if (url != null) {
      url = validUrl(url);
    }
    if (credential != null) {
      if (url == null) {
        throw new InvalidInputException(
            "invalid-remote", "a credential is only used with a remote in another mesh (a url)");
      }
      if (!CREDENTIAL.matcher(credential).matches()) {
        throw new InvalidInputException(
            "invalid-remote",
            "credential "
                + quote(credential)
                + " is not valid: use 1 to 63 characters of a-z, 0-9 and '_' (it names"
                + " SYNCMESH_CREDENTIAL_<NAME>, not a token)");
      }
    }
    if (syncEverySeconds != null
        && (syncEverySeconds < MIN_SYNC_EVERY_SECONDS
            || syncEverySeconds > MAX_SYNC_EVERY_SECONDS)) {
      throw new InvalidInputException(
          "invalid-remote",
          "syncEverySeconds must be between "
              + MIN_SYNC_EVERY_SECONDS
              + " and "
              + MAX_SYNC_EVERY_SECONDS
              + ", or null for no schedule");
    }
  }

  /** Checks a remote's name (the rules of peer names). */
  public static String validName(String name) {
    if (name == null || !Pattern.matches("[a-z0-9][a-z0-9-]{0,62}", name)) {
      throw new InvalidInputException(
          "invalid-remote-name",
          "remote name "
              + quote(name)
              + " is not valid: use 1 to 63 characters of a-z, 0-9 and '-', starting with a"
              + " letter or digit");
    }
    return name;
  }

  private static String validUrl(String url) {
    try {
      URI uri = new URI(url);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (url.length() > MAX_URL
          || !web
          || uri.getHost() == null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || uri.getRawUserInfo() != null) {
        throw new URISyntaxException(url, "not an http(s) base URL");
      }
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          "invalid-remote",
          "url "
              + quote(url)
              + " is not valid: give the other mesh's node as http(s)://host:port, without"
              + " user, query or fragment");
    }
  }

  /** The strategy of a session with this remote: the one asked for, else the remote's. */
  public MergeStrategy sessionStrategy(MergeStrategy requested) {
    return requested != null ? requested : strategy;
  }

  /** The rules of a session with this remote: the remote's over the peer's, field by field. */
  public MergeRules sessionRules(MergeRules peerRules) {
    return peerRules.overriddenBy(mergeRules);
  }

  /** Whether {@code other} names the same peer (and mesh) as this remote. */
  public boolean sameTarget(Remote other) {
    return peer.equals(other.peer) && java.util.Objects.equals(url, other.url);
  }

  /** Whether the remote is a peer of another mesh, reached over HTTP. */
  public boolean federated() {
    return url != null;
  }

  /** The remote's settings replaced by those given (non-null) in {@code update}. */
  public Remote merge(RemoteUpdate update) {
    Objects.requireNonNull(update, "update");
    return new Remote(
        name,
        update.peer() != null ? update.peer() : peer,
        update.url() != null ? update.url() : url,
        update.credential() != null ? update.credential() : credential,
        update.push() != null ? update.push() : push,
        update.scheduleGiven() ? update.syncEverySeconds() : syncEverySeconds,
        update.strategyGiven() ? update.strategy() : strategy,
        update.mergeRules() != null ? update.mergeRules() : mergeRules,
        update.mode() != null ? update.mode() : mode);
  }

  private static String quote(String text) {
    if (text == null) {
      return "(missing)";
    }
    return "'" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
  }
}
