package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A SyncResult for people: outcome, phases, counts, conflicts and errors in a few lines. */
final class SyncResultView {
  private static final int CONFLICTS_SHOWN = 10;
  private static final int VALUE_WIDTH = 30;

  private SyncResultView() {}

  /** The exit code a finished (or running) session stands for. */
  static int exitCode(JsonNode result) {
    String outcome = result.path("outcome").asText();
    if ("FAILED".equals(outcome) || present(result.get("error"))) {
      return ExitCodes.SYNC_FAILED;
    }
    if ("CONFLICTS".equals(outcome)) {
      return ExitCodes.SYNC_CONFLICTS;
    }
    return present(result.get("pushError")) ? ExitCodes.SYNC_PUSH_FAILED : ExitCodes.OK;
  }

  static void print(Output out, JsonNode r) {
    String strategy =
        r.hasNonNull("strategy") ? "strategy " + r.get("strategy").asText() + ", " : "";
    String took = Output.elapsed(r.get("startedAt"), r.get("endedAt"));
    String kind = r.path("kind").asText("sync");
    out.line(
        kind
            + " "
            + Output.text(r.get("peer"))
            + ("push".equals(kind) ? " -> " : " <- ")
            + Output.text(r.get("remote"))
            + ": "
            + Output.text(r.get("outcome"))
            + "  ("
            + strategy
            + (took.isEmpty() ? "" : took + ", ")
            + "session "
            + Output.text(r.get("sessionId"))
            + ")");
    List<List<String>> phases = new ArrayList<>();
    for (JsonNode phase : r.path("phases")) {
      phases.add(
          List.of(
              "  " + Output.text(phase.get("phase")),
              Output.text(phase.get("status")),
              Output.elapsed(phase.get("startedAt"), phase.get("endedAt"))));
    }
    if (!phases.isEmpty()) {
      out.table(List.of("  PHASE", "STATUS", "TIME"), phases, "");
    }
    out.line(
        "pulled "
            + Output.plural(r.path("pulledCommits").asLong(), "commit")
            + ", pushed "
            + Output.plural(r.path("pushedCommits").asLong(), "commit")
            + ", received "
            + Output.plural(r.path("objectsReceived").asLong(), "object")
            + " ("
            + Output.bytes(r.path("bytesReceived").asLong())
            + ")");
    conflicts(out, r);
    if (present(r.get("error"))) {
      JsonNode e = r.get("error");
      String phase = e.hasNonNull("phase") ? " in " + e.get("phase").asText() : "";
      out.line(
          "error: " + Output.text(e.get("kind")) + phase + ": " + Output.text(e.get("message")));
    }
    if (present(r.get("pushError"))) {
      JsonNode e = r.get("pushError");
      out.line("push error: " + Output.text(e.get("kind")) + ": " + Output.text(e.get("message")));
    }
    if (r.path("resumes").asLong() > 0) {
      out.line("resumed " + Output.plural(r.path("resumes").asLong(), "time") + " after a crash");
    }
    if (r.path("followUpNeeded").asBoolean()) {
      out.line("follow-up sync needed: the remote moved during the push");
    }
  }

  /** A dry run's answer: what the sync would do, per side. */
  static void printDryRun(Output out, JsonNode r) {
    out.line(
        "dry run: sync "
            + Output.text(r.get("peer"))
            + " <- "
            + Output.text(r.get("remote"))
            + " would end "
            + Output.text(r.get("outcome"))
            + (r.hasNonNull("strategy") ? " (strategy " + r.get("strategy").asText() + ")" : "")
            + "; nothing was changed");
    if (r.hasNonNull("reason")) {
      out.line("skipped: " + r.get("reason").asText());
    }
    changes(out, "this peer would get", r.path("incoming"));
    JsonNode push = r.path("push");
    if (push.path("wouldPush").asBoolean()) {
      changes(
          out,
          "the push would send " + Output.plural(push.path("commits").asLong(), "commit") + ":",
          push.path("changes"));
    } else {
      out.line("no push");
    }
    if (r.path("conflictCount").asInt() > r.path("conflicts").size()) {
      out.line("conflicts: " + r.path("conflictCount").asInt() + " in all, the first listed below");
    }
    conflicts(out, r);
    if (present(r.get("error"))) {
      JsonNode e = r.get("error");
      out.line("error: " + Output.text(e.get("kind")) + ": " + Output.text(e.get("message")));
    }
  }

  private static void changes(Output out, String what, JsonNode changes) {
    int all =
        changes.path("added").asInt() + changes.path("modified").asInt() + changes.path("deleted").asInt();
    List<String> keys = new ArrayList<>();
    changes.path("firstKeys").forEach(key -> keys.add(key.asText()));
    out.line(
        what
            + " "
            + changes.path("added").asInt()
            + " added, "
            + changes.path("modified").asInt()
            + " modified, "
            + changes.path("deleted").asInt()
            + " deleted"
            + (keys.isEmpty() ? "" : ": " + String.join(", ", keys) + (all > keys.size() ? ", ..." : "")));
  }

  private static void conflicts(Output out, JsonNode r) {
    JsonNode conflicts = r.path("conflicts");
    if (conflicts.size() == 0) {
      return;
    }
    boolean auto = r.path("conflictsResolved").asBoolean();
    out.line(
        "conflicts: "
            + conflicts.size()
            + (auto
                ? ", resolved automatically"
                : ", left for a person (see: syncmesh conflicts "
                    + Output.text(r.get("peer"))
                    + ")"));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode c : conflicts) {
      if (rows.size() == CONFLICTS_SHOWN) {
        break;
      }
      rows.add(
          List.of(
              "  " + Output.text(c.get("key")),
              Output.text(c.get("field")),
              Output.value(c.get("base"), VALUE_WIDTH),
              Output.value(c.get("ours"), VALUE_WIDTH),
              Output.value(c.get("theirs"), VALUE_WIDTH)));
    }
    out.table(List.of("  KEY", "FIELD", "BASE", "OURS", "THEIRS"), rows, "");
    if (conflicts.size() > CONFLICTS_SHOWN) {
      out.line("  ... and " + (conflicts.size() - CONFLICTS_SHOWN) + " more");
    }
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }
}
