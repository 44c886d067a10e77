package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.syncmesh.protocol.model.RecordKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syncmesh get|put|delete|list}: one record, or a listing. Records print as JSON. */
public final class RecordCommands {
  private RecordCommands() {}

  /** The URL path of a record; refuses ids that URL paths cannot carry ({@code .}, {@code ..}). */
  static String recordPath(String peer, RecordKey key) throws CliException {
    Inputs.addressable(key);
    return ApiClient.path("peers", Inputs.peer(peer), "records", key.collection(), key.id());
  }

  /** The headers of a write: who writes, and the condition it holds on. */
  static Map<String, String> writeHeaders(String actor, String ifMatch) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (actor != null) {
      headers.put("X-Actor", actor);
    }
    if (ifMatch != null) {
      boolean tag = ifMatch.equals("*") || ifMatch.startsWith("\"") || ifMatch.startsWith("W/");
      headers.put("If-Match", tag ? ifMatch : "\"" + ifMatch + "\"");
    }
    return headers;
  }

  static String committed(JsonNode reply) {
    JsonNode commit = reply.get("commit");
    return commit == null || commit.isNull()
        ? "not committed"
        : "commit " + Output.shortHash(commit);
  }

  @Command(name = "get", description = "Print a record's JSON.")
  public static final class Get extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer to read.")
    String peer;

    @Parameters(index = "1", paramLabel = "COLLECTION/ID", description = "The record's key: its collection and id.")
    String key;

    @Option(names = "--at", paramLabel = "COMMIT", description = "Read at this commit.")
    String at;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String path = recordPath(peer, Inputs.key(key)) + ApiClient.query("at", Inputs.commit(at));
      out.raw(api.get(path).body());
      return ExitCodes.OK;
    }
  }

  @Command(name = "put", description = "Write a record (a JSON object).")
  public static final class Put extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer to write to.")
    String peer;

    @Parameters(index = "1", paramLabel = "COLLECTION/ID", description = "The record's key: its collection and id.")
    String key;

    @Parameters(
        index = "2",
        paramLabel = "JSON",
        description = "The record: JSON text, @FILE for a file's contents, or - for stdin.")
    String value;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who writes (default: api).")
    String actor;

    @Option(
        names = "--if-match",
        paramLabel = "ETAG",
        description = "Write only if the record's hash is this (* = only if it exists).")
    String ifMatch;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      RecordKey recordKey = Inputs.key(key);
      String path = recordPath(peer, recordKey);
      String text = Inputs.text(value, stdin()).strip();
      Inputs.recordValue(text, "record value");
      var reply = api.send("PUT", path, text, writeHeaders(actor, ifMatch));
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      JsonNode written = reply.json();
      out.line(
          (reply.status() == 201 ? "created " : "written ")
              + recordKey
              + " (hash "
              + Output.shortHash(written.get("hash"))
              + ", "
              + committed(written)
              + ")");
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Delete a record.")
  public static final class Delete extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer to delete from.")
    String peer;

    @Parameters(index = "1", paramLabel = "COLLECTION/ID", description = "The record's key: its collection and id.")
    String key;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who deletes (default: api).")
    String actor;

    @Option(
        names = "--if-match",
        paramLabel = "ETAG",
        description = "Delete only if the record's hash is this.")
    String ifMatch;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      RecordKey recordKey = Inputs.key(key);
      var reply =
          api.send("DELETE", recordPath(peer, recordKey), null, writeHeaders(actor, ifMatch));
      if (out.json()) {
        out.raw(reply.body());
      } else {
        out.line("deleted " + recordKey + " (" + committed(reply.json()) + ")");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List records in key order, a page at a time.")
  public static final class ListRecords extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer whose records to list.")
    String peer;

    @Option(names = "--collection", paramLabel = "NAME", description = "Only this collection.")
    String collection;

    @Option(names = "--limit", paramLabel = "N", description = "Records per page (1..1000).")
    Integer limit;

    @Option(names = "--after", paramLabel = "KEY", description = "Start after this key.")
    String after;

    @Option(names = "--at", paramLabel = "COMMIT", description = "List at this commit.")
    String at;

    @Option(names = "--all", description = "Follow the next pages to the end.")
    boolean all;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      String base = ApiClient.path("peers", Inputs.peer(peer), "records");
      String filter = Inputs.collection(collection);
      String commit = Inputs.commit(at);
      String from = after == null ? null : Inputs.key(after).toString();
      ArrayNode records = Json.MAPPER.createArrayNode();
      JsonNode next;
      do {
        var reply =
            api.get(
                base
                    + ApiClient.query(
                        "collection", filter, "limit", limit, "after", from, "at", commit));
        if (out.json() && !all) {
          out.raw(reply.body());
          return ExitCodes.OK;
        }
        JsonNode page = reply.json();
        page.path("records").forEach(records::add);
        next = page.get("next");
        String previous = from;
        from = next == null || next.isNull() ? null : next.asText();
        if (from != null && from.equals(previous)) {
          throw new CliException(ExitCodes.INTERNAL, "unexpected reply", "paging does not advance");
        }
      } while (all && from != null);
      if (out.json()) {
        var merged = Json.object();
        merged.set("records", records);
        merged.putNull("next");
        out.raw(Json.write(merged));
        return ExitCodes.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      records.forEach(
          r -> rows.add(List.of(Output.text(r.get("key")), Json.write(r.get("value")))));
      out.table(List.of("KEY", "VALUE"), rows, "no records");
      if (from != null) {
        out.line("more after " + from + " (use --after " + from + ", or --all)");
      }
      return ExitCodes.OK;
    }
  }
}
