package dev.syncmesh.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns an HTTP error reply ({@code application/problem+json}, or anything else) into an error. */
final class Problems {
  private static final int MAX_DETAIL = 200;

  private Problems() {}

  static CliException of(int status, String body) {
    int exitCode = ExitCodes.forStatus(status);
    JsonNode problem = Json.tryParse(body);
    if (problem != null && problem.isObject() && problem.hasNonNull("title")) {
      return new CliException(exitCode, problem.get("title").asText(), text(problem, "detail"));
    }
    if (problem != null && problem.isObject() && problem.hasNonNull("type")) {
      return new CliException(exitCode, problem.get("type").asText(), text(problem, "detail"));
    }
    return new CliException(exitCode, "HTTP " + status, firstLine(body));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : firstLine(value.asText());
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "..." : line;
  }
}
