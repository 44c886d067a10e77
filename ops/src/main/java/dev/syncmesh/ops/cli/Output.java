package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a command prints on stdout: the reply's JSON as it is ({@code --json}), or a concise human
 * form (tables, short hashes, summaries); and on stderr, the progress of what it waits for.
 */
final class Output {
  private static final int SHORT_HASH = 12;

  private final PrintWriter out;
  private final boolean json;
  private final PrintWriter err;
  private final boolean terminal;

  Output(PrintWriter out, boolean json) {
    this(out, json, new PrintWriter(java.io.Writer.nullWriter()), false);
  }

  /** {@code terminal}: the user watches (progress is redrawn in place), else plain lines. */
  Output(PrintWriter out, boolean json, PrintWriter err, boolean terminal) {
    this.out = out;
    this.json = json;
    this.err = err;
    this.terminal = terminal;
  }

  boolean json() {
    return json;
  }

  /** How a running session's progress is shown: not at all with {@code --json}. */
  SessionWatch watch() {
    return new SessionWatch(err, terminal, json);
  }

  /** Where text streamed straight through goes (an export). */
  java.io.Writer writer() {
    return out;
  }

  /** Prints a reply body unchanged (nothing for an empty body). */
  void raw(String body) {
    if (body != null && !body.isEmpty()) {
      out.print(body.endsWith("\n") ? body : body + "\n");
    }
    out.flush();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** {@code name: value} lines with the values aligned. */
  void fields(String... namesAndValues) {
    int width = 0;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      width = Math.max(width, namesAndValues[i].length() + 1);
    }
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      out.println(pad(namesAndValues[i] + ":", width) + "  " + namesAndValues[i + 1]);
    }
    out.flush();
  }

  /** A table with a header row; {@code empty} is printed instead when there are no rows. */
  void table(List<String> headers, List<List<String>> rows, String empty) {
    if (rows.isEmpty()) {
      line(empty);
      return;
    }
    int[] widths = new int[headers.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < widths.length; c++) {
        text.append(c == widths.length - 1 ? row.get(c) : pad(row.get(c), widths[c] + 2));
      }
      out.println(text.toString().stripTrailing());
    }
    out.flush();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  /** The first 12 hex digits of a hash, or {@code -} for none. */
  static String shortHash(JsonNode hash) {
    if (hash == null || hash.isNull() || hash.asText().isEmpty()) {
      return "-";
    }
    String text = hash.asText();
    return text.length() > SHORT_HASH ? text.substring(0, SHORT_HASH) : text;
  }

  /** A field as text: strings bare, other values as compact JSON, absent as {@code -}. */
  static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "-";
    }
    return node.isValueNode() ? node.asText() : Json.write(node);
  }

  /** A JSON value as compact JSON, cut to {@code max} characters; absent is {@code (absent)}. */
  static String value(JsonNode node, int max) {
    String text = node == null || node.isNull() ? "(absent)" : Json.write(node);
    return text.length() > max ? text.substring(0, max - 3) + "..." : text;
  }

  /** The time between two ISO-8601 instants, like {@code 1.2 s} or {@code 35 ms}. */
  static String elapsed(JsonNode from, JsonNode to) {
    try {
      if (from == null || to == null || from.isNull() || to.isNull()) {
        return "";
      }
      Duration took = Duration.between(Instant.parse(from.asText()), Instant.parse(to.asText()));
      long ms = took.toMillis();
      return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    } catch (DateTimeParseException e) {
      return "";
    }
  }

  static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
