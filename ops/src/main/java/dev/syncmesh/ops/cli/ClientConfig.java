package dev.syncmesh.ops.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The client's config file: named contexts (a node's URL and where its token is) and the current
 * one. Its TOML is read and written by {@link ConfigFile}, which only a file that exists loads.
 */
record ClientConfig(Path file, String current, Map<String, Context> contexts) {
  /** TOML bare keys, so that a name is a table header as it is: {@code [contexts.prod]}. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  ClientConfig {
    contexts = Collections.unmodifiableMap(new LinkedHashMap<>(contexts));
  }

  /** A node to talk to and where its token is. */
  record Context(String name, String url, TokenSource token) {}

  /** Where a context's token is; the file never holds it unless the user wrote it there. */
  sealed interface TokenSource {
    /** What help and {@code context list} say: never the token. */
    String describe();

    /** The token, or null for none. */
    String read(Map<String, String> env) throws CliException;
  }

  record NoToken() implements TokenSource {
    @Override
    public String describe() {
      return "no token";
    }

    @Override
    public String read(Map<String, String> env) {
      return null;
    }
  }

  record TokenEnv(String variable) implements TokenSource {
    @Override
    public String describe() {
      return "token from $" + variable;
    }

    @Override
    public String read(Map<String, String> env) throws CliException {
      String token = env.getOrDefault(variable, "").strip();
      if (token.isEmpty()) {
        throw new CliException(
            ExitCodes.AUTH, "no token", "the context's token is in $" + variable + ", which is not set");
      }
      return token;
    }
  }

  record TokenFile(Path path) implements TokenSource {
    @Override
    public String describe() {
      return "token from file " + path;
    }

    @Override
    public String read(Map<String, String> env) throws CliException {
      String token;
      try {
        token = Files.readString(path, StandardCharsets.UTF_8).strip();
      } catch (IOException | RuntimeException e) {
        throw CliException.invalid("unreadable token file", "cannot read " + path);
      }
      if (token.isEmpty()) {
        throw CliException.invalid("unreadable token file", path + " is empty");
      }
      return token;
    }
  }

  /**
   * A token written in the file itself, taken only from a file no one else may read (as ssh
   * refuses a private key others can read).
   */
  record InlineToken(String token, Path file, boolean readableByOthers) implements TokenSource {
    @Override
    public String describe() {
      return "token in the config file";
    }

    @Override
    public String read(Map<String, String> env) throws CliException {
      if (readableByOthers) {
        throw CliException.invalid(
            "config file unprotected",
            file + " holds a token and others can read it; run: chmod 600 " + file);
      }
      return token;
    }

    @Override
    public String toString() {
      return "InlineToken[" + file + "]";
    }
  }

  /**
   * Where the config file is: $SYNCMESH_CONFIG, else syncmesh/config.toml under
   * $XDG_CONFIG_HOME, else under ~/.config. A java.io.File, not a Path: a call that finds no
   * file there loads nothing more.
   */
  static File location(Map<String, String> env) {
    String named = env.getOrDefault("SYNCMESH_CONFIG", "").strip();
    if (!named.isEmpty()) {
      return new File(named);
    }
    String xdg = env.getOrDefault("XDG_CONFIG_HOME", "").strip();
    // The XDG spec: a relative $XDG_CONFIG_HOME is to be ignored.
    if (!xdg.isEmpty() && new File(xdg).isAbsolute()) {
      return new File(new File(xdg, "syncmesh"), "config.toml");
    }
    return new File(new File(new File(home(env), ".config"), "syncmesh"), "config.toml");
  }

  static String home(Map<String, String> env) {
    String home = env.getOrDefault("HOME", "").strip();
    return home.isEmpty() ? System.getProperty("user.home") : home;
  }

  /** The config file {@code env} names, or an empty config there when there is none. */
  static ClientConfig load(Map<String, String> env) throws CliException {
    File location = location(env);
    return location.isFile()
        ? ConfigFile.read(location.toPath(), home(env))
        : new ClientConfig(location.toPath(), null, Map.of());
  }

  static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  static boolean validVariable(String name) {
    return name != null && VARIABLE.matcher(name).matches();
  }

  /** The named context; {@code missing} is the exit code when there is none. */
  Context context(String name, int missing) throws CliException {
    Context context = contexts.get(name);
    if (context == null) {
      String known = contexts.isEmpty() ? "it has none" : "it has " + String.join(", ", contexts.keySet());
      throw new CliException(missing, "no such context", "no context " + name + " in " + file + " (" + known + ")");
    }
    return context;
  }

  ClientConfig with(Context context) {
    Map<String, Context> all = new LinkedHashMap<>(contexts);
    all.put(context.name(), context);
    return new ClientConfig(file, current, all);
  }

  /** Without the named context; the current one no more if it was that one. */
  ClientConfig without(String name) {
    Map<String, Context> all = new LinkedHashMap<>(contexts);
    all.remove(name);
    return new ClientConfig(file, name.equals(current) ? null : current, all);
  }

  ClientConfig using(String name) {
    return new ClientConfig(file, name, contexts);
  }
}
