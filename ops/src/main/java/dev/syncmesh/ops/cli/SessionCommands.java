package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code syncmesh fetch|pull|push|clone}: sessions that go one way (with the phases, history and
 * exit codes of a sync), and a new peer made from a remote in one step.
 */
public final class SessionCommands {
  private SessionCommands() {}

  /** A session of one kind with one remote of a peer. */
  abstract static class OneWay extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer whose remote it is.")
    String peer;

    @Parameters(index = "1", paramLabel = "REMOTE", description = "The remote's name.")
    String remote;

    @Option(
        names = "--no-wait",
        description = "Start the session and print its id (follow it with: syncmesh session).")
    boolean noWait;

    abstract String route();

    ObjectNode body() {
      return Json.object().put("remote", remote);
    }

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      return SyncCommands.run(api, out, Inputs.peer(peer), route(), body(), noWait);
    }
  }

  @Command(
      name = "fetch",
      description = {
        "Fetch a remote's head and everything under it; only the remote's tracking head moves.",
        "Then `syncmesh status` counts against it. Exits 12 when the fetch failed."
      })
  public static final class Fetch extends OneWay {
    @Override
    String route() {
      return "fetch";
    }
  }

  @Command(
      name = "pull",
      description = {
        "Fetch and merge a remote's head without pushing.",
        "Exits 10 when conflicts are left for a person, 12 when the pull failed (a push-only"
            + " remote refuses it: exit 4)."
      })
  public static final class Pull extends OneWay {
    @Option(
        names = "--strategy",
        paramLabel = "ours|theirs",
        description = "Resolve conflicts this way (default: the remote's, else leave them).")
    SyncCommands.Strategy strategy;

    @Override
    String route() {
      return "pull";
    }

    @Override
    ObjectNode body() {
      ObjectNode body = super.body();
      return strategy == null ? body.putNull("strategy") : body.put("strategy", strategy.name());
    }
  }

  @Command(
      name = "push",
      description = {
        "Push this peer's head to a remote, only as a fast-forward: nothing is merged.",
        "Exits 12 with NON_FAST_FORWARD when the remote has commits this peer lacks (pull or sync"
            + " first), 11 when the push itself failed."
      })
  public static final class Push extends OneWay {
    @Override
    String route() {
      return "push";
    }
  }

  @Command(
      name = "clone",
      description = {
        "Create a peer from another: create it, add the remote origin, sync.",
        "SOURCE is a peer of this mesh, or http(s)://HOST:PORT/PEER of another mesh (with"
            + " --credential)."
      })
  public static final class Clone extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The peer to clone.")
    String source;

    @Parameters(index = "1", paramLabel = "NEW-PEER", description = "The peer to create.")
    String name;

    @Option(
        names = "--credential",
        paramLabel = "NAME",
        description = "For a peer of another mesh: the node sends $SYNCMESH_CREDENTIAL_<NAME>.")
    String credential;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String peer = Inputs.peer(name);
      ObjectNode origin = origin();
      api.post("/peers", Json.object().put("name", peer));
      api.put(ApiClient.path("peers", peer, "remotes", "origin"), origin);
      if (!out.json()) {
        out.line("created peer " + peer + " with remote origin (" + source + ")");
      }
      return SyncCommands.run(api, out, peer, "sync", Json.object().put("remote", "origin"), false);
    }

    /** The remote {@code origin}, checked before anything is created. */
    private ObjectNode origin() throws CliException {
      if (!source.startsWith("http://") && !source.startsWith("https://")) {
        if (credential != null) {
          throw new CliException(
              ExitCodes.USAGE, "invalid option", "--credential is for a peer of another mesh (a URL)");
        }
        return Json.object().put("peer", Inputs.peer(source));
      }
      URI uri;
      try {
        uri = URI.create(source);
      } catch (IllegalArgumentException e) {
        throw CliException.invalid("invalid url", "'" + source + "' is not a URL");
      }
      String path = uri.getPath() == null ? "" : uri.getPath();
      int slash = path.lastIndexOf('/');
      if (uri.getHost() == null || slash < 0 || slash == path.length() - 1) {
        throw CliException.invalid(
            "invalid url", "'" + source + "' names no peer: give http(s)://HOST:PORT/PEER");
      }
      if (credential == null) {
        throw new CliException(
            ExitCodes.USAGE, "missing option", "--credential is required for a peer of another mesh");
      }
      String base = source.substring(0, source.length() - (path.length() - slash));
      return Json.object()
          .put("url", base)
          .put("peer", Inputs.peer(path.substring(slash + 1)))
          .put("credential", credential);
    }
  }
}
