package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syncmesh sync|status|history|session}: sync sessions and what they did. */
public final class SyncCommands {
  private SyncCommands() {}

  /** The conflict policies of a sync. */
  public enum Strategy {
    ours,
    theirs
  }

  /** Prints a SyncResult and returns the exit code its outcome stands for. */
  static int result(Output out, ApiClient.Reply reply) throws CliException {
    JsonNode result = reply.json();
    if (out.json()) {
      out.raw(reply.body());
    } else {
      SyncResultView.print(out, result);
    }
    return SyncResultView.exitCode(result);
  }

  @Command(
      name = "sync",
      description = {
        "Sync a peer with one of its remotes: fetch, merge, resolve, push.",
        "Exits 10 when conflicts are left for a person, 11 when only the push failed, 12 when"
            + " the sync failed."
      })
  public static final class Sync extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer to sync.")
    String peer;

    @Parameters(index = "1", paramLabel = "REMOTE", description = "The remote to sync with (its name).")
    String remote;

    @Option(
        names = "--strategy",
        paramLabel = "ours|theirs",
        description = "Resolve conflicts this way (default: leave them for a person).")
    Strategy strategy;

    @Option(
        names = "--dry-run",
        description =
            "Say what the sync would do (changes each side would get, conflicts, what the push"
                + " would send) and change nothing; exits as the sync would.")
    boolean dryRun;

    @Option(
        names = "--no-wait",
        description = "Start the session and print its id (follow it with: syncmesh session).")
    boolean noWait;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String peerName = Inputs.peer(peer);
      ObjectNode body = Json.object().put("remote", remote);
      if (strategy == null) {
        body.putNull("strategy");
      } else {
        body.put("strategy", strategy.name());
      }
      if (dryRun) {
        var plan = api.post(ApiClient.path("peers", peerName, "sync"), body.put("dryRun", true));
        if (out.json()) {
          out.raw(plan.body());
        } else {
          SyncResultView.printDryRun(out, plan.json());
        }
        return SyncResultView.exitCode(plan.json());
      }
      return run(api, out, peerName, "sync", body, noWait);
    }
  }

  /**
   * Runs a session of {@code route} ({@code sync}, {@code fetch}, {@code pull}, {@code push}) and
   * prints its result; without {@code noWait} it follows the session to its end, so that the exit
   * code always tells how it ended. With {@code --json} the node waits first (its answer is the
   * result), else the session is followed from its start here, its progress on stderr.
   */
  static int run(
      ApiClient api, Output out, String peerName, String route, ObjectNode body, boolean noWait)
      throws CliException {
    body.put("wait", !noWait && out.json());
    var reply = api.post(ApiClient.path("peers", peerName, route), body);
    if (reply.status() != 202) {
      return result(out, reply);
    }
    String id = Output.text(reply.json().get("sessionId"));
    if (!noWait) {
      String session = ApiClient.path("peers", peerName, "sync", "sessions", id);
      return result(out, awaitEnd(api, session, out.watch()));
    }
    if (out.json()) {
      out.raw(reply.body());
    } else {
      out.line(
          "started session " + id + " (follow it: syncmesh session " + peerName + " " + id + ")");
    }
    return ExitCodes.OK;
  }

  /**
   * Asks about the session until it has ended, soon at first (most sessions are short), then
   * every {@code POLL_MILLIS}; {@code watch} shows it meanwhile.
   */
  private static ApiClient.Reply awaitEnd(ApiClient api, String session, SessionWatch watch)
      throws CliException {
    long pause = FIRST_POLL_MILLIS;
    try {
      while (true) {
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CliException(
              ExitCodes.UNAVAILABLE, "interrupted", "stopped waiting for the session " + session);
        }
        pause = Math.min(POLL_MILLIS, pause * 2);
        ApiClient.Reply now = api.get(session);
        JsonNode result = now.json();
        if (!"RUNNING".equals(result.path("outcome").asText())) {
          return now;
        }
        watch.show(result);
      }
    } finally {
      watch.end();
    }
  }

  /** How soon a running session is first asked about again, and then how often at most. */
  private static final long FIRST_POLL_MILLIS = 25;

  private static final long POLL_MILLIS = 500;

  @Command(
      name = "status",
      description =
          "Show commits ahead and behind, pending conflicts and the last sync, per remote.")
  public static final class Status extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer whose sync status to show.")
    String peer;

    @Option(
        names = "--remote",
        paramLabel = "NAME",
        description = "Only this remote (default: every remote).")
    String remote;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String peerName = Inputs.peer(peer);
      String path = ApiClient.path("peers", peerName, "sync", "status");
      List<String> names = new ArrayList<>();
      if (remote != null) {
        names.add(remote);
      } else {
        api.get(ApiClient.path("peers", peerName, "remotes"))
            .json()
            .path("remotes")
            .forEach(r -> names.add(r.path("name").asText()));
      }
      ArrayNode statuses = Json.MAPPER.createArrayNode();
      for (String name : names) {
        var reply = api.get(path + ApiClient.query("remote", name));
        if (out.json() && remote != null) {
          out.raw(reply.body());
          return ExitCodes.OK;
        }
        statuses.add(reply.json());
      }
      if (out.json()) {
        ObjectNode all = Json.object();
        all.set("statuses", statuses);
        out.raw(Json.write(all));
        return ExitCodes.OK;
      }
      print(out, statuses);
      return ExitCodes.OK;
    }

    private static void print(Output out, ArrayNode statuses) {
      List<List<String>> rows = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      for (JsonNode s : statuses) {
        boolean known = s.hasNonNull("ahead");
        if (s.path("stale").asBoolean()) {
          notes.add(
              Output.text(s.get("remote"))
                  + ": ahead and behind as of "
                  + Output.text(s.get("asOf"))
                  + " (stale): "
                  + s.path("unknownReason").asText());
        } else if (!known) {
          notes.add(
              Output.text(s.get("remote"))
                  + ": ahead and behind unknown: "
                  + s.path("unknownReason").asText());
        }
        if (s.hasNonNull("lastReason")) {
          notes.add(Output.text(s.get("remote")) + ": last sync skipped: " + s.get("lastReason").asText());
        }
        rows.add(
            List.of(
                Output.text(s.get("remote")),
                known ? Output.text(s.get("ahead")) : "?",
                known ? Output.text(s.get("behind")) : "?",
                s.path("hasConflicts").asBoolean() ? "yes" : "no",
                Output.text(s.get("lastSyncAt")),
                Output.text(s.get("lastOutcome"))));
      }
      out.table(
          List.of("REMOTE", "AHEAD", "BEHIND", "CONFLICTS", "LAST SYNC", "LAST OUTCOME"),
          rows,
          "no remotes");
      notes.forEach(out::line);
    }
  }

  @Command(name = "history", description = "List past sync sessions, newest first.")
  public static final class History extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer whose sessions to list.")
    String peer;

    @Option(names = "--remote", paramLabel = "NAME", description = "Only this remote.")
    String remote;

    @Option(names = "--limit", paramLabel = "N", description = "At most this many sessions.")
    Integer limit;

    @Option(
        names = "--before",
        paramLabel = "SESSION",
        description = "Sessions older than this one (the NEXT a longer history prints last).")
    String before;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String path = ApiClient.path("peers", Inputs.peer(peer), "sync", "history");
      var reply = api.get(path + ApiClient.query("remote", remote, "limit", limit, "before", before));
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode r : reply.json().path("results")) {
        JsonNode error = r.hasNonNull("error") ? r.get("error") : r.get("pushError");
        rows.add(
            List.of(
                Output.text(r.get("sessionId")),
                Output.text(r.get("startedAt")),
                Output.text(r.get("remote")),
                Output.text(r.get("outcome")),
                Output.text(r.get("pulledCommits")),
                Output.text(r.get("pushedCommits")),
                String.valueOf(r.path("conflicts").size()),
                error == null || error.isNull() ? "-" : Output.text(error.get("kind"))));
      }
      out.table(
          List.of(
              "SESSION", "STARTED", "REMOTE", "OUTCOME", "PULLED", "PUSHED", "CONFLICTS", "ERROR"),
          rows,
          "no sync sessions");
      JsonNode next = reply.json().path("next");
      if (next.isTextual()) {
        out.line("more before " + next.asText() + " (use --before " + next.asText() + ")");
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "session",
      description = "Show one sync session (exit code as for sync; 0 while it runs).")
  public static final class Session extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer the session ran on.")
    String peer;

    @Parameters(index = "1", paramLabel = "ID", description = "The session's id (sync and history print it).")
    String id;

    @Option(
        names = "--watch",
        description =
            "Follow a running session to its end, its progress on stderr, then show it (exit code"
                + " as for sync).")
    boolean watch;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String session = ApiClient.path("peers", Inputs.peer(peer), "sync", "sessions", id);
      ApiClient.Reply now = api.get(session);
      if (watch && "RUNNING".equals(now.json().path("outcome").asText())) {
        SessionWatch progress = out.watch();
        progress.show(now.json());
        now = awaitEnd(api, session, progress);
      }
      return result(out, now);
    }
  }
}
