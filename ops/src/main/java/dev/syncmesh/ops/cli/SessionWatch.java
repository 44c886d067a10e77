package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Shows a running session while a command waits for it, on stderr so that stdout keeps only the
 * result: on a terminal one line redrawn in place (the phase, objects and bytes received or sent,
 * commits of the total when the push knows it, records merged); otherwise a plain line each time
 * the phase changes. Nothing with {@code --json}.
 */
final class SessionWatch {
  private final PrintWriter err;
  private final boolean terminal;
  private final boolean quiet;
  private String shownPhase;
  private int drawn;

  SessionWatch(PrintWriter err, boolean terminal, boolean quiet) {
    this.err = err;
    this.terminal = terminal;
    this.quiet = quiet;
  }

  /** What the session answered while it runs. */
  void show(JsonNode session) {
    if (quiet) {
      return;
    }
    String phase = runningPhase(session);
    String line = line(phase, session.path("progress"));
    if (terminal) {
      String padded = line.length() < drawn ? line + " ".repeat(drawn - line.length()) : line;
      err.print("\r" + padded);
      drawn = line.length();
      err.flush();
    } else if (!phase.equals(shownPhase)) {
      err.println(line);
      err.flush();
    }
    shownPhase = phase;
  }

  /** The session ended: a terminal's progress line is cleared. */
  void end() {
    if (!quiet && terminal && drawn > 0) {
      err.print("\r" + " ".repeat(drawn) + "\r");
      err.flush();
      drawn = 0;
    }
  }

  private static String runningPhase(JsonNode session) {
    for (JsonNode phase : session.path("phases")) {
      if ("RUNNING".equals(phase.path("status").asText())) {
        return phase.path("phase").asText();
      }
    }
    return "starting";
  }

  /** "fetch: 1,204 objects (96.0 KiB) received", "push: 1 of 2 commits, 310 objects (...) sent". */
  static String line(String phase, JsonNode progress) {
    StringBuilder line = new StringBuilder(phase);
    long received = progress.path("objectsReceived").asLong();
    long sent = progress.path("objectsSent").asLong();
    long merged = progress.path("recordsMerged").asLong();
    String sep = ": ";
    if (received > 0) {
      line.append(sep).append(objects(received, progress.path("bytesReceived").asLong())).append(" received");
      sep = ", ";
    }
    if (merged > 0) {
      line.append(sep).append(String.format(java.util.Locale.ROOT, "%,d", merged)).append(merged == 1 ? " record" : " records").append(" merged");
      sep = ", ";
    }
    if (progress.hasNonNull("commitsToSend")) {
      line.append(sep)
          .append(progress.path("commitsSent").asLong())
          .append(" of ")
          .append(Output.plural(progress.path("commitsToSend").asLong(), "commit"));
      sep = ", ";
    }
    if (sent > 0) {
      line.append(sep).append(objects(sent, progress.path("bytesSent").asLong())).append(" sent");
    }
    return line.toString();
  }

  private static String objects(long count, long bytes) {
    return String.format(java.util.Locale.ROOT, "%,d", count)
        + (count == 1 ? " object" : " objects")
        + " ("
        + Output.bytes(bytes)
        + ")";
  }
}
