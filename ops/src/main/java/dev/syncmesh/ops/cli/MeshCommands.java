package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code syncmesh access|cluster|gc}: who may pull and push a peer, the mesh's members, and garbage
 * collection.
 */
public final class MeshCommands {
  private MeshCommands() {}

  @Command(
      name = "access",
      description = {
        "Show or set which federation tokens (names from SYNCMESH_TOKENS) may pull and push a"
            + " peer.",
        "An option not given keeps its list; an empty value (--push=) empties it."
      })
  public static final class Access extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer whose access to show or set.")
    String peer;

    @Option(
        names = "--pull",
        paramLabel = "NAMES",
        description = "Comma-separated token names that may pull.")
    String pull;

    @Option(
        names = "--push",
        paramLabel = "NAMES",
        description = "Comma-separated token names that may push.")
    String push;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String path = ApiClient.path("peers", Inputs.peer(peer), "access");
      var reply = api.get(path);
      JsonNode sent = null;
      if (pull != null || push != null) {
        ObjectNode body = Json.object();
        sent = body;
        JsonNode current = reply.json();
        body.set("pull", pull == null ? current.path("pull") : names(pull));
        body.set("push", push == null ? current.path("push") : names(push));
        reply = api.put(path, body);
      }
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      JsonNode access = reply.body().isBlank() ? sent : reply.json();
      out.fields("pull", list(access.path("pull")), "push", list(access.path("push")));
      return ExitCodes.OK;
    }

    private static ArrayNode names(String text) {
      ArrayNode names = Json.MAPPER.createArrayNode();
      for (String name : text.split(",")) {
        if (!name.isBlank()) {
          names.add(name.strip());
        }
      }
      return names;
    }

    private static String list(JsonNode names) {
      List<String> all = new ArrayList<>();
      names.forEach(name -> all.add(name.asText()));
      return all.isEmpty() ? "(nobody)" : String.join(", ", all);
    }
  }

  @Command(
      name = "cluster",
      description = "Show the mesh: members, where each active peer lives, sessions in flight.")
  public static final class Cluster extends ApiCommand {
    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      var reply = api.get("/cluster");
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      JsonNode cluster = reply.json();
      String self = Output.text(cluster.get("self"));
      List<List<String>> members = new ArrayList<>();
      for (JsonNode m : cluster.path("members")) {
        String address = Output.text(m.get("address"));
        members.add(
            List.of(
                address + (address.equals(self) ? " (self)" : ""), Output.text(m.get("status"))));
      }
      out.table(List.of("MEMBER", "STATUS"), members, "no members");
      List<List<String>> peers = new ArrayList<>();
      cluster
          .path("peers")
          .properties()
          .forEach(e -> peers.add(List.of(e.getKey(), Output.text(e.getValue()))));
      out.line("");
      out.table(List.of("PEER", "MEMBER"), peers, "no active peers");
      List<List<String>> sessions = new ArrayList<>();
      for (JsonNode s : cluster.path("sessions")) {
        sessions.add(
            List.of(
                Output.text(s.get("peer")),
                Output.text(s.get("remote")),
                Output.text(s.get("sessionId")),
                Output.text(s.get("phase"))));
      }
      out.line("");
      out.table(List.of("PEER", "REMOTE", "SESSION", "PHASE"), sessions, "no sessions in flight");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "gc",
      description = {
        "Delete the objects no peer can reach (refused packs, discarded working sets, aborted"
            + " merges), sparing what was written within syncmesh.gc.grace (SYNCMESH_GC_GRACE).",
        "Runs on the node it asks (or joins the collection running there) and waits for its end."
      })
  public static final class Gc extends ApiCommand {
    /** How often a collection the node answered 202 is asked about again. */
    private static final long POLL_MILLIS = 1000;

    @Option(names = "--status", description = "Only show whether one runs and the latest report.")
    boolean status;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      ApiClient.Reply reply = status ? api.get("/gc") : api.post("/gc", Json.object());
      while (!status && reply.status() == 202) {
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CliException(
              ExitCodes.UNAVAILABLE, "interrupted", "stopped waiting for the garbage collection");
        }
        ApiClient.Reply now = api.get("/gc");
        if (!now.json().path("running").asBoolean()) {
          JsonNode error = now.json().get("lastError");
          if (error != null && !error.isNull()) {
            throw new CliException(ExitCodes.INTERNAL, "gc-failed", error.asText());
          }
          reply = now;
          break;
        }
      }
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      JsonNode json = reply.json();
      JsonNode report = json.has("last") ? json.get("last") : json;
      List<String> fields = new ArrayList<>();
      if (json.has("running")) {
        fields.addAll(List.of("running", Output.text(json.get("running"))));
        if (json.hasNonNull("lastError")) {
          fields.addAll(List.of("last error", Output.text(json.get("lastError"))));
        }
      }
      if (report != null && !report.isNull()) {
        fields.addAll(
            List.of(
                "started", Output.text(report.get("startedAt")),
                "peers", Output.text(report.get("peers")),
                "reachable", Output.text(report.get("reachable")),
                "scanned", Output.text(report.get("scanned")),
                "kept (young)", Output.text(report.get("keptYoung")),
                "deleted",
                    Output.text(report.get("deleted"))
                        + " objects, "
                        + Output.text(report.get("deletedBytes"))
                        + " bytes",
                "missing", Output.text(report.get("missing")),
                "took", Output.text(report.get("tookMillis")) + " ms"));
      }
      out.fields(fields.toArray(String[]::new));
      return ExitCodes.OK;
    }
  }
}
