package dev.syncmesh.protocol.merge;

/** Shortens user input quoted in error messages, so a huge input cannot flood a log. */
final class Texts {
  private static final int MAX = 80;

  private Texts() {}

  static String shorten(String input) {
    String shown = input.length() > MAX ? input.substring(0, MAX) + "..." : input;
    return shown.replace("\n", "\\n");
  }
}
