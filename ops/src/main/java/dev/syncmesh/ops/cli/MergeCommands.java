package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code syncmesh conflicts|resolve|merge commit|merge abort|merge-rules}: finishing a merge by
 * hand, and the rules that settle fields before anyone has to.
 */
public final class MergeCommands {
  private static final int VALUE_WIDTH = 30;

  private MergeCommands() {}

  @Command(name = "conflicts", description = "List the conflicts of the pending merge.")
  public static final class Conflicts extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer with a pending merge.")
    String peer;

    @Option(
        names = "--from",
        paramLabel = "N",
        description = "Start at the N-th conflict, from 0 (the N a longer list prints last).")
    Integer from;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      var reply =
          api.get(
              ApiClient.path("peers", Inputs.peer(peer), "conflicts")
                  + ApiClient.query("from", from));
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      JsonNode merge = reply.json();
      out.line(
          "pending merge from "
              + Output.text(merge.get("remote"))
              + " (base "
              + Output.shortHash(merge.get("base"))
              + ", theirs "
              + Output.shortHash(merge.get("theirs"))
              + ")");
      List<List<String>> rows = new ArrayList<>();
      int unresolved = 0;
      for (JsonNode c : merge.path("conflicts")) {
        JsonNode resolution = c.get("resolution");
        boolean open = resolution == null || resolution.isNull();
        unresolved += open ? 1 : 0;
        rows.add(
            List.of(
                Output.text(c.get("key")),
                Output.text(c.get("field")),
                Output.value(c.get("base"), VALUE_WIDTH),
                Output.value(c.get("ours"), VALUE_WIDTH),
                Output.value(c.get("theirs"), VALUE_WIDTH),
                open ? "-" : resolution(resolution)));
      }
      out.table(
          List.of("KEY", "FIELD", "BASE", "OURS", "THEIRS", "RESOLUTION"), rows, "no conflicts");
      JsonNode next = merge.path("next");
      if (next.isNumber()) {
        int first = from == null ? 0 : from;
        out.line(
            "conflicts "
                + first
                + " to "
                + (next.asInt() - 1)
                + " of "
                + merge.path("total").asInt()
                + ", "
                + unresolved
                + " of them unresolved; more from "
                + next.asInt()
                + " (use --from "
                + next.asInt()
                + ")");
      } else {
        out.line(Output.plural(rows.size(), "conflict") + ", " + unresolved + " unresolved");
      }
      return ExitCodes.OK;
    }

    private static String resolution(JsonNode resolution) {
      String choice = Output.text(resolution.get("choice"));
      return "value".equals(choice)
          ? "value " + Output.value(resolution.get("value"), VALUE_WIDTH)
          : choice;
    }
  }

  /** Exactly one way to resolve a conflict. */
  static final class Choice {
    @Option(names = "--ours", required = true, description = "Keep our value.")
    boolean ours;

    @Option(names = "--theirs", required = true, description = "Take their value.")
    boolean theirs;

    @Option(
        names = "--value",
        required = true,
        paramLabel = "JSON",
        description = "Use this JSON value (@FILE, or - for stdin); null removes the field.")
    String value;
  }

  @Command(
      name = "resolve",
      description = "Resolve one conflict of the pending merge (field * = the whole record).")
  public static final class Resolve extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer with a pending merge.")
    String peer;

    @Parameters(index = "1", paramLabel = "COLLECTION/ID", description = "The conflicting record's key.")
    String key;

    @Parameters(index = "2", paramLabel = "FIELD", description = "The conflicting field (* for the whole record).")
    String field;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String path = ApiClient.path("peers", Inputs.peer(peer), "conflicts", "resolve");
      RecordKey recordKey = Inputs.key(key);
      ObjectNode body = Json.object().put("key", recordKey.toString()).put("field", field);
      String chosen = choice.ours ? "ours" : choice.theirs ? "theirs" : "value";
      body.put("choice", chosen);
      if (choice.value != null) {
        body.set("value", Json.parse(Inputs.text(choice.value, stdin()), "value"));
      }
      var reply = api.post(path, body);
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      long unresolved = reply.json().path("unresolved").asLong();
      out.line(
          "resolved "
              + recordKey
              + " "
              + field
              + " ("
              + chosen
              + "); "
              + (unresolved == 0
                  ? "no conflicts left: syncmesh merge commit " + peer
                  : unresolved + " unresolved"));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "merge",
      description = "Commit or abort the pending merge.",
      mixinStandardHelpOptions = true,
      footer = ExitCodes.POINTER,
      subcommands = {MergeCommands.Commit.class, MergeCommands.Abort.class})
  public static final class Merge {}

  @Command(
      name = "commit",
      description = "Commit the pending merge once every conflict is resolved.")
  public static final class Commit extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer with a pending merge.")
    String peer;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      var reply =
          api.post(ApiClient.path("peers", Inputs.peer(peer), "merge", "commit"), Json.object());
      if (out.json()) {
        out.raw(reply.body());
      } else {
        out.line("merge committed " + Output.shortHash(reply.json().get("commit")));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "abort", description = "Abort the pending merge; the head stays where it is.")
  public static final class Abort extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer with a pending merge.")
    String peer;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      var reply =
          api.post(ApiClient.path("peers", Inputs.peer(peer), "merge", "abort"), Json.object());
      if (out.json()) {
        out.raw(reply.body());
      } else {
        out.line("merge aborted");
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "merge-rules",
      description = {
        "Show or set a peer's merge rules: how conflicting fields settle before any strategy.",
        "RULES is a JSON object of collections, each of fields to a rule (ours, theirs, manual,"
            + " max, min, union or lww:<field>; \"*\" for the others), e.g."
            + " '{\"issues\": {\"updated_at\": \"max\", \"labels\": \"union\"}}'."
      })
  public static final class Rules extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer whose rules to show or set.")
    String peer;

    @Option(
        names = "--set",
        paramLabel = "RULES",
        description = "Replace the rules: JSON text, @FILE for a file's contents, or - for stdin.")
    String set;

    @Option(names = "--clear", description = "Remove every rule.")
    boolean clear;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      if (set != null && clear) {
        throw new CliException(ExitCodes.USAGE, "invalid options", "give --set or --clear, not both");
      }
      String path = ApiClient.path("peers", Inputs.peer(peer), "merge-rules");
      var reply = api.get(path);
      if (set != null || clear) {
        ObjectNode body = Json.object();
        body.set("rules", clear ? Json.object() : Json.parse(Inputs.text(set, stdin()), "the rules"));
        reply = api.put(path, body);
      }
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      reply
          .json()
          .path("rules")
          .properties()
          .forEach(
              collection ->
                  collection
                      .getValue()
                      .properties()
                      .forEach(
                          field ->
                              rows.add(
                                  List.of(
                                      collection.getKey(),
                                      field.getKey(),
                                      field.getValue().asText()))));
      out.table(List.of("COLLECTION", "FIELD", "RULE"), rows, "no merge rules");
      return ExitCodes.OK;
    }
  }
}
