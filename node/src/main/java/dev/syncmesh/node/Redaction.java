package dev.syncmesh.node;

import java.util.regex.Pattern;

/**
 * Keeps what callers are told about a failure free of the node's insides: database URLs, SQL,
 * file paths and Java class names (which a driver's or a library's message may carry) are taken
 * out of problem details, sync errors and the readiness text. The node's log keeps them whole,
 * for its operator.
 */
public final class Redaction {
  private static final Pattern DATABASE_URL = Pattern.compile("jdbc:[^\\s'\",;)]+");
  /** From an SQL statement's first keyword, or from a driver's "SQL statement:", to the end. */
  private static final Pattern SQL =
      Pattern.compile(
          "(?is)(?:SQL statement:|\\b(?:SELECT|INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO|CREATE|ALTER|DROP)\\s+\\S+\\s).*");
  private static final Pattern FILE =
      Pattern.compile(
          "(?:(?<![\\w/.:])/(?:tmp|home|var|usr|opt|root|data|work|etc|srv|mnt|run|proc)(?:/[\\w.@+-]*)+)"
              + "|(?:(?<![\\w/])\\.{1,2}/[\\w.@+/-]+)"
              + "|(?:\\b[\\w@+-]+(?:\\.[\\w@+-]+)*\\.(?:mv\\.db|trace\\.db|db|p12|jks|jar|conf|log)\\b)");
  /** A qualified class name, e.g. {@code java.net.ConnectException} or {@code org.h2.mvstore.X}. */
  private static final Pattern QUALIFIED_CLASS =
      Pattern.compile(
          "\\b(?:java|javax|jdk|sun|org|com|io|dev|scala)(?:\\.[a-z_][\\w$]*)+\\.[A-Z][\\w$]*"
              + "(?:/0x[0-9a-f]+)?(?::\\s*)?");
  /** A simple exception name used as a prefix, e.g. {@code SQLException: }. */
  private static final Pattern EXCEPTION_NAME =
      Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b:?\\s*");

  private Redaction() {}

  /** The text without database URLs, SQL, file paths and class names; null stays null. */
  public static String text(String text) {
    if (text == null) {
      return null;
    }
    String redacted = DATABASE_URL.matcher(text).replaceAll("(a database)");
    redacted = SQL.matcher(redacted).replaceAll("(a statement)");
    redacted = QUALIFIED_CLASS.matcher(redacted).replaceAll("");
    redacted = EXCEPTION_NAME.matcher(redacted).replaceAll("");
    redacted = FILE.matcher(redacted).replaceAll("(a file)");
    return redacted.replaceAll("[ \\t]{2,}", " ").replaceAll(":\\s*$", "").strip();
  }
}
