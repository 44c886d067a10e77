package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncmesh remote add|set|list|remove}: a peer's links to other peers. */
@Command(
    name = "remote",
    description = "Add, change, list and remove a peer's remotes.",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.POINTER,
    subcommands = {
      RemoteCommands.Add.class,
      RemoteCommands.Set.class,
      RemoteCommands.ListRemotes.class,
      RemoteCommands.Remove.class
    })
public final class RemoteCommands {
  static final String NODE_URL =
      "The node is $SYNCMESH_URL, or given before the command: syncmesh remote --url NODE add ...";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = {
        "The node's base URL for add and set, whose own --url is the remote's:",
        "  syncmesh remote --url NODE add PEER NAME --url REMOTE-URL ...",
        "(default: $SYNCMESH_URL, else " + ClientOptions.DEFAULT_URL + ")."
      })
  String nodeUrl;

  /** One line about a remote: {@code beta: peer beta, push, every 60 s}. */
  static String describe(JsonNode remote) {
    StringBuilder text = new StringBuilder(Output.text(remote.get("name")));
    text.append(": peer ").append(Output.text(remote.get("peer")));
    if (remote.hasNonNull("url")) {
      text.append(" at ").append(remote.get("url").asText());
      text.append(" (credential ").append(Output.text(remote.get("credential"))).append(')');
    }
    text.append(remote.path("push").asBoolean(true) ? ", push" : ", no push");
    if (remote.hasNonNull("mode") && !"two-way".equals(remote.get("mode").asText())) {
      text.append(", ").append(remote.get("mode").asText());
    }
    if (remote.hasNonNull("syncEverySeconds")) {
      text.append(", every ").append(remote.get("syncEverySeconds").asLong()).append(" s");
    }
    if (remote.hasNonNull("strategy")) {
      text.append(", strategy ").append(remote.get("strategy").asText().toLowerCase(Locale.ROOT));
    }
    if (!remote.path("mergeRules").isEmpty()) {
      text.append(", merge rules ").append(Json.write(remote.get("mergeRules")));
    }
    return text.toString();
  }

  /** What {@code add} and {@code set} share: the peer, the remote and its settings. */
  abstract static class Write extends ClientCommand {
    @ParentCommand RemoteCommands group;

    @Parameters(index = "0", paramLabel = "PEER", description = "The peer whose remote it is.")
    String peer;

    @Parameters(index = "1", paramLabel = "NAME", description = "The remote's name.")
    String name;

    @Option(names = "--peer", paramLabel = "PEER", description = "The remote peer's name.")
    String remotePeer;

    @Option(
        names = "--url",
        paramLabel = "URL",
        description = "The other mesh's base URL, for a peer in another mesh.")
    String remoteUrl;

    @Option(
        names = "--credential",
        paramLabel = "NAME",
        description =
            "The credential for the other mesh: the node sends $SYNCMESH_CREDENTIAL_<NAME>.")
    String credential;

    @Option(
        names = "--push",
        negatable = true,
        description = "Push after each sync (--no-push: only pull; default: push).")
    Boolean push;

    @Option(
        names = "--every",
        paramLabel = "SECONDS",
        description = "Sync every this many seconds; 0 removes the schedule.")
    Integer every;

    @Option(
        names = "--strategy",
        paramLabel = "ours|theirs|none",
        description =
            "How syncs that name no strategy (scheduled ones too) settle conflicts; none leaves"
                + " them for a person (the default).")
    String strategy;

    @Option(
        names = "--merge-rules",
        paramLabel = "RULES",
        description =
            "Merge rules over the peer's own for this remote's sessions (see syncmesh"
                + " merge-rules): JSON text or @FILE; {} for none.")
    String mergeRules;

    @Option(
        names = "--mode",
        paramLabel = "two-way|pull-only|push-only",
        description = "Which way sessions go (a sync becomes a pull or a push; default two-way).")
    String mode;

    abstract boolean creating();

    @Override
    String nodeUrl() {
      return group == null ? null : group.nodeUrl;
    }

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String peerName = Inputs.peer(peer);
      ObjectNode body = body();
      String remotes = ApiClient.path("peers", peerName, "remotes");
      if (creating() && exists(api.get(remotes).json(), name)) {
        throw new CliException(
            ExitCodes.CONFLICT,
            "remote exists",
            "remote " + name + " of " + peerName + " exists; use: syncmesh remote set");
      }
      var reply = api.put(remotes + ApiClient.path(name), body);
      if (out.json()) {
        out.raw(reply.body());
      } else {
        out.line("remote " + describe(reply.json()));
      }
      return ExitCodes.OK;
    }

    private ObjectNode body() throws CliException {
      if (name.isBlank()) {
        throw new CliException(ExitCodes.USAGE, "invalid argument", "the remote's name is empty");
      }
      if (creating() && remotePeer == null) {
        throw new CliException(ExitCodes.USAGE, "missing option", "--peer is required");
      }
      if (creating() && (remoteUrl == null) != (credential == null)) {
        throw new CliException(
            ExitCodes.USAGE, "missing option", "--url and --credential go together");
      }
      ObjectNode body = Json.object();
      if (remotePeer != null) {
        body.put("peer", Inputs.peer(remotePeer));
      }
      if (remoteUrl != null) {
        body.put("url", url(remoteUrl));
      }
      if (credential != null) {
        body.put("credential", credential);
      }
      if (push != null) {
        body.put("push", push);
      }
      if (every != null) {
        if (every < 0) {
          throw CliException.invalid("invalid value", "--every must be 0 or more seconds");
        }
        if (every == 0) {
          body.putNull("syncEverySeconds");
        } else {
          body.put("syncEverySeconds", every);
        }
      }
      if (strategy != null) {
        switch (strategy) {
          case "ours", "theirs" -> body.put("strategy", strategy);
          case "none" -> body.putNull("strategy");
          default ->
              throw CliException.invalid(
                  "invalid value", "--strategy must be ours, theirs or none, not '" + strategy + "'");
        }
      }
      if (mode != null) {
        if (!java.util.Set.of("two-way", "pull-only", "push-only").contains(mode)) {
          throw CliException.invalid(
              "invalid value", "--mode must be two-way, pull-only or push-only, not '" + mode + "'");
        }
        body.put("mode", mode);
      }
      if (mergeRules != null) {
        body.set("mergeRules", Json.parse(Inputs.text(mergeRules, stdin()), "the merge rules"));
      }
      if (body.isEmpty()) {
        throw new CliException(
            ExitCodes.USAGE, "missing option", "give at least one setting to change");
      }
      return body;
    }

    private static String url(String text) throws CliException {
      try {
        URI uri = URI.create(text);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          return text;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      throw CliException.invalid("invalid url", "'" + text + "' is not an http(s) URL");
    }

    private static boolean exists(JsonNode list, String name) {
      for (JsonNode remote : list.path("remotes")) {
        if (name.equals(remote.path("name").asText())) {
          return true;
        }
      }
      return false;
    }
  }

  @Command(
      name = "add",
      description = {
        "Add a remote: --peer P in this mesh, or --url U --peer P --credential NAME in another.",
        NODE_URL
      })
  public static final class Add extends Write {
    @Override
    boolean creating() {
      return true;
    }
  }

  @Command(
      name = "set",
      description = {"Add or change a remote; settings not given are kept.", NODE_URL})
  public static final class Set extends Write {
    @Override
    boolean creating() {
      return false;
    }
  }

  @Command(name = "list", description = "List a peer's remotes.")
  public static final class ListRemotes extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer whose remotes to list.")
    String peer;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      var reply = api.get(ApiClient.path("peers", Inputs.peer(peer), "remotes"));
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode r : reply.json().path("remotes")) {
        rows.add(
            List.of(
                Output.text(r.get("name")),
                Output.text(r.get("peer")),
                Output.text(r.get("url")),
                Output.text(r.get("credential")),
                r.path("push").asBoolean(true) ? "yes" : "no",
                r.hasNonNull("syncEverySeconds")
                    ? r.get("syncEverySeconds").asText() + " s"
                    : "-",
                r.hasNonNull("strategy") ? r.get("strategy").asText().toLowerCase(Locale.ROOT) : "-",
                r.path("mergeRules").isEmpty() ? "-" : Json.write(r.get("mergeRules"))));
      }
      out.table(
          List.of("NAME", "PEER", "URL", "CREDENTIAL", "PUSH", "EVERY", "STRATEGY", "RULES"),
          rows,
          "no remotes");
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove", description = "Remove a remote.")
  public static final class Remove extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer whose remote it is.")
    String peer;

    @Parameters(index = "1", paramLabel = "NAME", description = "The remote's name.")
    String name;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String path = ApiClient.path("peers", Inputs.peer(peer), "remotes", name);
      var reply = api.send("DELETE", path, null, Map.of());
      if (out.json()) {
        out.raw(reply.body());
      } else {
        out.line("removed remote " + name);
      }
      return ExitCodes.OK;
    }
  }
}
