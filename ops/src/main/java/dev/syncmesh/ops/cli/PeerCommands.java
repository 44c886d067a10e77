package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code syncmesh peer create|list|show}. */
@Command(
    name = "peer",
    description = "Create, list and describe peers.",
    mixinStandardHelpOptions = true,
    footer = ExitCodes.POINTER,
    subcommands = {
      PeerCommands.Create.class,
      PeerCommands.ListPeers.class,
      PeerCommands.Show.class
    })
public final class PeerCommands {

  @Command(name = "create", description = "Create a peer.")
  public static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "The new peer's name.")
    String name;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      var reply = api.post("/peers", Json.object().put("name", Inputs.peer(name)));
      if (out.json()) {
        out.raw(reply.body());
      } else {
        out.line("created peer " + name);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List the peers, by name.")
  public static final class ListPeers extends ApiCommand {
    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      // Every page, in order: the node answers at most 1,000 names at a time.
      ArrayNode names = Json.array();
      String after = null;
      do {
        JsonNode page = api.get("/peers?limit=1000" + (after == null ? "" : "&after=" + after)).json();
        page.path("peers").forEach(names::add);
        JsonNode next = page.path("next");
        after = next.isTextual() ? next.asText() : null;
      } while (after != null);
      if (out.json()) {
        ObjectNode all = Json.object();
        all.set("peers", names);
        all.putNull("next");
        out.raw(all.toString());
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      names.forEach(peer -> rows.add(List.of(peer.asText())));
      out.table(List.of("PEER"), rows, "no peers");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      description = "Describe a peer: head, autocommit, records, working set, remotes, merge.")
  public static final class Show extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "The peer.")
    String name;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      var reply = api.get(ApiClient.path("peers", Inputs.peer(name)));
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      JsonNode peer = reply.json();
      List<String> remotes = new ArrayList<>();
      peer.path("remotes").forEach(remote -> remotes.add(RemoteCommands.describe(remote)));
      out.fields(
          "name", Output.text(peer.get("name")),
          "head", Output.shortHash(peer.get("head")),
          "autocommit", Output.text(peer.get("autocommit")),
          "records", Output.text(peer.get("records")),
          "working set", Output.plural(peer.path("workingSetSize").asLong(), "change"),
          "remotes", remotes.isEmpty() ? "none" : String.join("; ", remotes),
          "pending merge", pendingMerge(peer.get("pendingMerge")));
      return ExitCodes.OK;
    }

    private static String pendingMerge(JsonNode merge) {
      if (merge == null || merge.isNull()) {
        return "none";
      }
      return "from "
          + Output.text(merge.get("remote"))
          + " (theirs "
          + Output.shortHash(merge.get("theirs"))
          + "): "
          + Output.plural(merge.path("conflicts").asLong(), "conflict")
          + ", "
          + merge.path("unresolved").asLong()
          + " unresolved";
    }
  }
}
