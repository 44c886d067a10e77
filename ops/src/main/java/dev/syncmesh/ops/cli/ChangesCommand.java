package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syncmesh changes}: a peer's change feed, a page of it or followed as it happens. */
@Command(
    name = "changes",
    description = {
      "Show the commits after a commit, oldest first, each with the records it changed.",
      "With --follow, go on printing each new commit as it happens, until interrupted (or --limit)."
    })
public final class ChangesCommand extends ApiCommand {
  @Parameters(paramLabel = "PEER", description = "The peer whose commits to show.")
  String peer;

  @Option(
      names = "--since",
      paramLabel = "COMMIT",
      description = "After this commit (default: from the first; a page's last line says where to go on).")
  String since;

  @Option(names = "--follow", description = "Keep printing new commits as they happen.")
  boolean follow;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most this many commits (without --follow: a page, default 100).")
  Integer limit;

  @Override
  protected int execute(ApiClient api, Output out) throws CliException {
    if (limit != null && limit < 1) {
      throw new CliException(ExitCodes.USAGE, "invalid option", "--limit must be at least 1");
    }
    String path = ApiClient.path("peers", Inputs.peer(peer), "changes");
    return follow ? follow(api, out, path) : page(api, out, path);
  }

  private int page(ApiClient api, Output out, String path) throws CliException {
    var reply = api.get(path + ApiClient.query("since", since, "limit", limit));
    if (out.json()) {
      out.raw(reply.body());
      return ExitCodes.OK;
    }
    JsonNode page = reply.json();
    if (page.path("commits").isEmpty()) {
      out.line("no commits");
    }
    for (JsonNode commit : page.path("commits")) {
      print(out, commit);
    }
    JsonNode next = page.path("next");
    if (next.isTextual()) {
      out.line("more after " + next.asText() + " (use --since " + next.asText() + ")");
    }
    return ExitCodes.OK;
  }

  /** Prints each commit as its event arrives; a feed that ends says where to resume. */
  private int follow(ApiClient api, Output out, String path) throws CliException {
    String[] last = {since};
    int[] printed = {0};
    api.events(
        path + ApiClient.query("feed", "continuous", "since", since),
        (id, type, data) -> {
          if (out.json()) {
            out.line(data);
          } else {
            print(out, Json.reply(data));
          }
          last[0] = id;
          printed[0]++;
          return limit == null || printed[0] < limit;
        });
    if (limit != null && printed[0] == limit) {
      return ExitCodes.OK;
    }
    throw new CliException(
        ExitCodes.UNAVAILABLE,
        "unavailable",
        "the node ended the feed"
            + (last[0] == null ? "" : "; resume with --since " + last[0]));
  }

  /** One line for the commit (hash, changes, message), then one per change listed. */
  private void print(Output out, JsonNode commit) {
    long size = commit.path("size").asLong();
    String message = Output.text(commit.get("message")).lines().findFirst().orElse("");
    String merge = commit.path("parents").size() > 1 ? "(merge) " : "";
    out.line(
        Output.shortHash(commit.get("commit"))
            + "  "
            + Output.plural(size, "change")
            + "  "
            + merge
            + message);
    JsonNode changes = commit.path("changes");
    for (JsonNode change : changes) {
      out.line("  " + String.format("%-9s", Output.text(change.get("change"))) + Output.text(change.get("key")));
    }
    if (size > changes.size()) {
      out.line(
          "  ... "
              + (size - changes.size())
              + " more (syncmesh diff "
              + peer
              + " --from "
              + Output.text(commit.path("parents").path(0))
              + " --to "
              + Output.text(commit.get("commit"))
              + " --after "
              + Output.text(commit.get("changesNext"))
              + ")");
    }
  }
}
