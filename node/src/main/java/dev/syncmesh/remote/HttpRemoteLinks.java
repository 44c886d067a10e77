package dev.syncmesh.remote;

import dev.syncmesh.protocol.model.InvalidInputException;
import dev.syncmesh.sync.Remote;
import dev.syncmesh.sync.RemoteLink;
import dev.syncmesh.sync.RemotePolicy;
import dev.syncmesh.sync.SyncErrorKind;
import dev.syncmesh.sync.UnavailableLink;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Makes the links to remotes in other meshes: one HTTP client for the node, calls on {@code calls}
 * (threads that may wait on the network), the remote's token read
 * from its credential's variable when the link is made (a credential named but not set fails every
 * call with {@code AUTH}, naming the variable, never a token).
 */
public final class HttpRemoteLinks {
  private final HttpClient http;
  private final FederationKit kit;
  private final Executor calls;
  private final Executor storeWork;
  private final FederationSettings settings;
  private final Credentials credentials;
  private final RemotePolicy policy;
  private final FetchMemory memory = new FetchMemory();

  public HttpRemoteLinks(
      FederationKit kit,
      Executor calls,
      Executor storeWork,
      FederationSettings settings,
      Credentials credentials,
      RemotePolicy policy) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .sslContext(settings.sslContext())
            .build();
    this.kit = kit;
    this.calls = calls;
    this.storeWork = storeWork;
    this.settings = settings;
    this.credentials = credentials;
    this.policy = policy;
  }

  public RemoteLink link(String peer, Remote remote) {
    // Checked again at every session: the node's settings may have changed since the remote was
    // set (a credential bound elsewhere, plain http no longer allowed).
    try {
      policy.check(remote);
    } catch (InvalidInputException refused) {
      return new UnavailableLink(SyncErrorKind.AUTH, refused.getMessage() + "; nothing was sent");
    }
    String token = null;
    if (remote.credential() != null) {
      Optional<String> found = credentials.token(remote.credential());
      if (found.isEmpty()) {
        return new UnavailableLink(
            SyncErrorKind.AUTH,
            "remote "
                + remote.name()
                + " uses credential '"
                + remote.credential()
                + "', but "
                + Credentials.variable(remote.credential())
                + " is not set on this node");
      }
      token = found.get();
    }
    FederationClient client =
        new FederationClient(
            http,
            remote.url(),
            remote.peer(),
            token,
            settings,
            "remote " + remote.name() + " (peer " + remote.peer() + " at " + remote.url() + ")");
    return new HttpRemoteLink(
        client, kit, calls, storeWork, memory.slot(peer, remote.url(), remote.peer()), settings);
  }
}
