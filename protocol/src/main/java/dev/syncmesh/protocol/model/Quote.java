package dev.syncmesh.protocol.model;

/** Quotes user input for error messages, shortened so that a huge input cannot flood a log. */
final class Quote {
  private static final int MAX = 80;

  private Quote() {}

  static String of(String input) {
    if (input == null) {
      return "(missing)";
    }
    String shown = input.length() > MAX ? input.substring(0, MAX) + "..." : input;
    return "'" + shown.replace("\n", "\\n") + "'";
  }
}
