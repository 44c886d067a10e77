package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syncmesh export|import}: a peer's records as JSON lines, out and in, streamed. */
public final class DataCommands {
  private static final int BAD_LINES_SHOWN = 20;

  private DataCommands() {}

  @Command(
      name = "export",
      description = {
        "Print a peer's records as JSON lines: {\"key\",\"value\"} a line, or with --id-field and"
            + " --collection the bare values (each must carry its id in that field)."
      })
  public static final class Export extends ApiCommand {
    @Parameters(paramLabel = "PEER", description = "The peer to export.")
    String peer;

    @Option(names = "--at", paramLabel = "COMMIT", description = "As of this commit (default: the working set).")
    String at;

    @Option(names = "--collection", paramLabel = "C", description = "Only this collection's records.")
    String collection;

    @Option(names = "--id-field", paramLabel = "FIELD", description = "Print bare values (needs --collection).")
    String idField;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      if (idField != null && collection == null) {
        throw new CliException(ExitCodes.USAGE, "missing option", "--id-field needs --collection");
      }
      api.download(
          ApiClient.path("peers", Inputs.peer(peer), "export")
              + ApiClient.query(
                  "collection", collection == null ? null : Inputs.collection(collection),
                  "idField", idField,
                  "at", Inputs.commit(at)),
          out.writer());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "import",
      description = {
        "Import a file of JSON lines of any size into a peer, in commits of at most --commit-every"
            + " records (one commit when it fits).",
        "With --id-field and --collection each line is a record's value; without, each line is"
            + " {\"key\",\"value\"}. A bad line refuses the whole import (its line numbers are"
            + " printed; nothing is committed) unless --skip-bad skips and counts it."
      })
  public static final class Import extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "The peer to import into.")
    String peer;

    @Parameters(index = "1", paramLabel = "FILE", description = "The JSON lines file (.jsonl).")
    Path file;

    @Option(names = "--collection", paramLabel = "C", description = "The records' collection.")
    String collection;

    @Option(names = "--id-field", paramLabel = "FIELD", description = "The field that holds each record's id.")
    String idField;

    @Option(names = {"-m", "--message"}, paramLabel = "M", description = "The commit message.")
    String message;

    @Option(names = "--commit-every", paramLabel = "N", description = "Records per commit (at most 100,000, the default).")
    Integer commitEvery;

    @Option(names = "--skip-bad", description = "Skip bad lines (and count them) instead of refusing the import.")
    boolean skipBad;

    @Override
    protected int execute(ApiClient api, Output out) throws CliException {
      if (idField != null && collection == null) {
        throw new CliException(ExitCodes.USAGE, "missing option", "--id-field needs --collection");
      }
      if (!Files.isReadable(file)) {
        throw CliException.invalid("unreadable input", "cannot read file " + file);
      }
      var reply =
          api.postFile(
              ApiClient.path("peers", Inputs.peer(peer), "import")
                  + ApiClient.query(
                      "collection", collection == null ? null : Inputs.collection(collection),
                      "idField", idField,
                      "message", message,
                      "commitEvery", commitEvery,
                      "skipBad", skipBad ? "true" : null),
              file,
              "application/x-ndjson");
      if (out.json()) {
        out.raw(reply.body());
        return ExitCodes.OK;
      }
      JsonNode result = reply.json();
      out.line(
          "imported "
              + Output.plural(result.path("records").asLong(), "record")
              + " in "
              + Output.plural(result.path("commits").size(), "commit")
              + (result.path("skipped").asLong() > 0
                  ? ", skipped " + Output.plural(result.path("skipped").asLong(), "bad line")
                  : ""));
      int shown = 0;
      for (JsonNode bad : result.path("bad")) {
        if (shown++ == BAD_LINES_SHOWN) {
          break;
        }
        out.line("  line " + bad.path("line").asLong() + ": " + bad.path("reason").asText());
      }
      return ExitCodes.OK;
    }
  }
}
