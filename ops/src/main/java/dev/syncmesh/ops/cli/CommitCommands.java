package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syncmesh tx|commit|autocommit|working-set|log|diff}: commits and history. */
public final class CommitCommands {
  private CommitCommands() {}

  static void printCommit(Output out, JsonNode reply) {
    if (reply.path("nothingToCommit").asBoolean()) {
      out.line("nothing to commit");
      return;
    }
    String changed =
        reply.has("changed") ? ": " + Output.plural(reply.get("changed").asLong(), "change") : "";
    out.line("committed " + Output.shortHash(reply.get("commit")) + changed);
  }

  static void printChanges(Output out, JsonNode changes, String empty) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode c : changes) {
      rows.add(
          List.of(
              Output.text(c.get("change")),
              Output.text(c.get("key")),
              Output.shortHash(c.get("before")),
              Output.shortHash(c.get("after"))));
    }
    out.table(List.of("CHANGE", "KEY", "BEFORE", "AFTER"), rows, empty);
  }

  @Command(
      name = "tx",
      description = {
        "Write several records in one commit.",
        "The file holds {\"writes\":[{\"key\":\"c/id\",\"value\":{...}}]} or just the array of"
            + " writes; a null value deletes."
      })
  public static final class Tx extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer to write to.")
    String peer;

    @Parameters(
        index = "1",
        paramLabel = "FILE",
        description = "The writes: a JSON file, or - for stdin.")
    String file;

    @Option(
        names = "--message",
        required = true,
        paramLabel = "TEXT",
        description = "The commit message.")
    String message;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who commits.")
    String actor;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String path = ApiClient.path("peers", Inputs.peer(peer), "transactions");
      String source = file.equals("-") || file.startsWith("@") ? file : "@" + file;
      ObjectNode body = Json.object().put("message", message);
      if (actor != null) {
        body.put("actor", actor);
      }
      body.set("writes", writes(Json.parse(Inputs.text(source, stdin()), "transaction")));
      var reply = api.post(path, body);
      if (out.json()) {
        out.raw(reply.body());
      } else {
        printCommit(out, reply.json());
      }
      return ExitCodes.OK;
    }

    private static ArrayNode writes(JsonNode given) throws CliException {
      JsonNode writes = given.isObject() ? given.get("writes") : given;
      if (writes == null || !writes.isArray() || writes.isEmpty()) {
        throw CliException.invalid(
            "invalid transaction", "give a non-empty array of writes, or {\"writes\":[...]}");
      }
      Set<String> keys = new HashSet<>();
      ArrayNode checked = Json.MAPPER.createArrayNode();
      int index = 0;
      for (JsonNode write : writes) {
        String where = "write " + index++;
        if (!write.isObject() || !write.path("key").isTextual() || !write.has("value")) {
          throw CliException.invalid(
              "invalid transaction", where + " must be {\"key\":\"collection/id\",\"value\":...}");
        }
        String key = Inputs.key(write.get("key").asText()).toString();
        JsonNode value = write.get("value");
        if (!value.isNull() && !value.isObject()) {
          throw CliException.invalid(
              "invalid value", where + ": the value of " + key + " must be a JSON object or null");
        }
        if (!keys.add(key)) {
          throw CliException.invalid("invalid transaction", key + " is written more than once");
        }
        checked.add(Json.object().put("key", key).set("value", value));
      }
      return checked;
    }
  }

  @Command(name = "commit", description = "Commit the working set.")
  public static final class Commit extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer whose working set to commit.")
    String peer;

    @Option(names = "--message", paramLabel = "TEXT", description = "The commit message.")
    String message;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who commits.")
    String actor;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      ObjectNode body = Json.object();
      if (message != null) {
        body.put("message", message);
      }
      if (actor != null) {
        body.put("actor", actor);
      }
      var reply = api.post(ApiClient.path("peers", Inputs.peer(peer), "commit"), body);
      if (out.json()) {
        out.raw(reply.body());
      } else {
        printCommit(out, reply.json());
      }
      return ExitCodes.OK;
    }
  }

  /** The autocommit policies. */
  public enum Mode {
    on,
    batch,
    off
  }

  @Command(name = "autocommit", description = "Show or set the autocommit policy (on, batch, off).")
  public static final class Autocommit extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer whose policy to show or set.")
    String peer;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "MODE",
        description = "on, batch or off; none shows the policy.")
    Mode mode;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String path = ApiClient.path("peers", Inputs.peer(peer), "autocommit");
      var reply =
          mode == null ? api.get(path) : api.put(path, Json.object().put("mode", mode.name()));
      if (out.json()) {
        out.raw(reply.body());
      } else {
        out.line(
            "autocommit: "
                + (reply.body().isBlank() ? mode.name() : Output.text(reply.json().get("mode"))));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "working-set", description = "Show the uncommitted changes.")
  public static final class WorkingSet extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer whose working set to show.")
    String peer;

    @Mixin ChangesPage page;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      var reply =
          api.get(
              ApiClient.path("peers", Inputs.peer(peer), "working-set")
                  + ApiClient.query("after", page.after, "limit", page.limit));
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      JsonNode set = reply.json();
      long size = set.path("size").asLong();
      JsonNode changes = set.path("changes");
      printChanges(out, changes, "no uncommitted changes");
      if (size > 0) {
        out.line(
            Output.plural(size, "uncommitted change")
                + (size > changes.size() ? " (" + changes.size() + " listed)" : ""));
      }
      printNext(out, set.path("next"));
      return ExitCodes.OK;
    }
  }

  @Command(name = "log", description = "Show the commit history, newest first.")
  public static final class Log extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer whose history to show.")
    String peer;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "At most this many commits (default 20).")
    Integer limit;

    @Option(
        names = "--after",
        paramLabel = "COMMIT",
        description = "Start after this commit (the NEXT a longer log prints last).")
    String after;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      var reply =
          api.get(
              ApiClient.path("peers", Inputs.peer(peer), "log")
                  + ApiClient.query("limit", limit, "after", after));
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode c : reply.json().path("commits")) {
        String merge = c.path("parents").size() > 1 ? "(merge) " : "";
        rows.add(
            List.of(
                Output.shortHash(c.get("commit")),
                Output.text(c.get("time")),
                Output.text(c.get("author")),
                merge + Output.text(c.get("message")).lines().findFirst().orElse("")));
      }
      out.table(List.of("COMMIT", "TIME", "AUTHOR", "MESSAGE"), rows, "no commits");
      JsonNode next = reply.json().path("next");
      if (next.isTextual()) {
        out.line("more after " + next.asText() + " (use --after " + next.asText() + ")");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "diff", description = "Show the records changed between two commits.")
  public static final class Diff extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer whose commits to compare.")
    String peer;

    @Option(
        names = "--from",
        paramLabel = "COMMIT",
        description = "From this commit (default: the empty tree).")
    String from;

    @Option(
        names = "--to",
        paramLabel = "COMMIT",
        description = "To this commit (default: the head).")
    String to;

    @Mixin ChangesPage page;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String path = ApiClient.path("peers", Inputs.peer(peer), "diff");
      var reply =
          api.get(
              path
                  + ApiClient.query(
                      "from", Inputs.commit(from), "to", Inputs.commit(to), "after", page.after,
                      "limit", page.limit));
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      JsonNode diff = reply.json();
      out.line(
          "diff " + Output.shortHash(diff.get("from")) + " .. " + Output.shortHash(diff.get("to")));
      printChanges(out, diff.path("changes"), "no changes");
      printNext(out, diff.path("next"));
      return ExitCodes.OK;
    }
  }

  /** The page of a list of changes to ask for. */
  static final class ChangesPage {
    @Option(
        names = "--after",
        paramLabel = "KEY",
        description = "Start after this key (the one a longer list prints last).")
    String after;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "At most this many changes (default and most 1000).")
    Integer limit;
  }

  /** Where a page of changes continues, when more follow. */
  private static void printNext(Output out, JsonNode next) {
    if (next.isTextual()) {
      out.line("more after " + next.asText() + " (use --after " + next.asText() + ")");
    }
  }
}
